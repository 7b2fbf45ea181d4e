using LocalSail.Server.Authentication;
using LocalSail.Server.Storage;

namespace LocalSail.Server.DataPlane.Pipeline;

/// <summary>
/// What a bucket's <c>readonlyAccessAccounts</c> grant: the root key of a listed account may read the bucket (its
/// objects, their listings and the bucket calls a reader makes) and nothing else. A bucket access key reaches its
/// own bucket alone, so another account's bucket keys read nothing here. Access rules (<c>getObject</c> public,
/// <c>allowPublicOverrides</c>) decide what unsigned requests may read, and take nothing from a listed account.
/// </summary>
internal static class ReadonlyAccess
{
    /// <summary>Whether <paramref name="operation"/> only reads, and so is open to a listed account.</summary>
    public static bool IsRead(S3Operation operation) => operation is
        S3Operation.GetObject or S3Operation.HeadObject
        or S3Operation.ListObjects or S3Operation.ListObjectsV2 or S3Operation.ListObjectVersions
        or S3Operation.HeadBucket or S3Operation.GetBucketLocation or S3Operation.GetBucketVersioning;

    /// <summary>Whether <paramref name="bucket"/> lists the account whose root key <paramref name="principal"/> is.</summary>
    public static bool Grants(Principal principal, BucketRecord bucket) =>
        principal.IsAccountRoot && bucket.ReadonlyAccessAccounts.Contains(principal.AccountId, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="principal"/> may read objects of <paramref name="bucket"/>: its owner's keys, or a listed account's root key.</summary>
    public static bool MayRead(Principal principal, BucketRecord bucket) =>
        principal.CanAccessBucket(bucket.Scope.AccountId, bucket.Name) || Grants(principal, bucket);
}
