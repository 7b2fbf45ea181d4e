namespace LocalSail.Server.AccessLogs;

/// <summary>Writes a batch of access log lines as one log object where the source bucket's current configuration says.</summary>
internal interface IAccessLogWriter
{
    /// <summary>What became of the batch; throws when it could not be written now and should be tried again.</summary>
    Task<AccessLogWrite> WriteAsync(AccessLogBatch batch, CancellationToken cancellationToken);
}

/// <summary>A batch's fate: written (now or before, under the same name), or dropped for <see cref="DropReason"/>.</summary>
internal readonly record struct AccessLogWrite(string? ObjectKey, string? DropReason)
{
    public bool Dropped => DropReason is not null;

    public static AccessLogWrite Written(string objectKey) => new(objectKey, null);

    public static AccessLogWrite Drop(string reason) => new(null, reason);
}
