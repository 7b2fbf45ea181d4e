namespace LocalSail.Signing;

/// <summary>An access key pair, with the session token of temporary credentials.</summary>
public sealed record Credentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    // Keeps the secret out of logs and exception messages that format a record.
    public override string ToString() => $"Credentials {{ AccessKeyId = {AccessKeyId} }}";
}
