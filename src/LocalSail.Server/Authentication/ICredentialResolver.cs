namespace LocalSail.Server.Authentication;

/// <summary>Finds the secret and principal behind an access key id.</summary>
public interface ICredentialResolver
{
    ValueTask<ResolvedCredential?> ResolveAsync(string accessKeyId, CancellationToken cancellationToken);

    /// <summary>Drops cached keys so a deleted key stops working at once.</summary>
    void Forget(IEnumerable<string> accessKeyIds);
}

public sealed record ResolvedCredential(Principal Principal, string SecretAccessKey)
{
    public override string ToString() => $"ResolvedCredential {{ Principal = {Principal} }}";
}
