namespace LocalSail.Server.Storage;

/// <summary>A bucket access key. The secret is held here in plain text only in memory; the store encrypts it.</summary>
internal sealed record AccessKeyRecord
{
    public required string AccessKeyId { get; init; }

    public required string BucketName { get; init; }

    public required ResourceScope Scope { get; init; }

    public required string SecretAccessKey { get; init; }

    public string Status { get; init; } = "Active";

    public required DateTimeOffset CreatedAt { get; init; }

    public AccessKeyUse? LastUsed { get; init; }

    public override string ToString() => $"AccessKeyRecord {{ AccessKeyId = {AccessKeyId}, BucketName = {BucketName} }}";
}

/// <summary>When, where and with which service a key was last used.</summary>
internal sealed record AccessKeyUse(DateTimeOffset At, string Region, string ServiceName);
