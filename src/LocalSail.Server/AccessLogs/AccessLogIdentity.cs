using LocalSail.Server.Authentication;
using LocalSail.Server.Storage;

namespace LocalSail.Server.AccessLogs;

/// <summary>
/// Who is who in an access log record, in one place: a bucket's owner and the account root are the account's
/// canonical id (the id LocalSail's S3 answers give as <c>Owner</c>); a bucket access key is named as an IAM user
/// of the account, by its access key id.
/// </summary>
internal static class AccessLogIdentity
{
    public static string Owner(BucketRecord bucket) => bucket.Scope.AccountId;

    /// <summary>The requester field; null for an anonymous request.</summary>
    public static string? Requester(Principal? principal) => principal switch
    {
        null => null,
        { IsAccountRoot: true } => principal.AccountId,
        _ => $"arn:aws:iam::{principal.AccountId}:user/{principal.AccessKeyId}",
    };
}
