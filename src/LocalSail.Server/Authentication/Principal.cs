namespace LocalSail.Server.Authentication;

/// <summary>Who signed a request: the account itself, or one bucket's access key.</summary>
internal sealed record Principal(string AccountId, string AccessKeyId, PrincipalKind Kind, string? BucketName = null)
{
    public bool IsAccountRoot => Kind == PrincipalKind.AccountRoot;

    /// <summary>Whether this principal may act on <paramref name="bucketName"/> of <paramref name="accountId"/>.</summary>
    public bool CanAccessBucket(string accountId, string bucketName) =>
        AccountId == accountId && (IsAccountRoot || BucketName == bucketName);
}

internal enum PrincipalKind
{
    AccountRoot,
    BucketAccessKey,
}
