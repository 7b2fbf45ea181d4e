namespace LocalSail.Server.Authentication;

/// <summary>Finds the secret and principal behind an access key id; a deleted key is never found.</summary>
internal interface ICredentialResolver
{
    ValueTask<ResolvedCredential?> ResolveAsync(string accessKeyId, CancellationToken cancellationToken);
}

internal sealed record ResolvedCredential(Principal Principal, string SecretAccessKey)
{
    public override string ToString() => $"ResolvedCredential {{ Principal = {Principal} }}";
}
