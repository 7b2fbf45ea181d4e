using LocalSail.Server.Authentication;
using LocalSail.Server.Storage;
using LocalSail.Signing;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane;

/// <summary>
/// SigV4 for S3: verifies the header or presigned form with the payload hash the client declared, maps
/// failures to S3's errors and records each bucket key's use.
/// </summary>
public sealed class S3Authenticator(SigV4Verifier verifier, AccessKeyUsageTracker usage)
{
    /// <summary>Whether the request carries a signature at all (else it is anonymous).</summary>
    public static bool IsSigned(HttpRequest request) =>
        request.Headers.ContainsKey("Authorization")
        || request.Query.ContainsKey("X-Amz-Signature")
        || request.Query.ContainsKey("X-Amz-Credential");

    public async ValueTask<(SignedRequest? Signed, S3Error? Error)> AuthenticateAsync(HttpRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var isHeaderForm = request.Headers.ContainsKey("Authorization");
        string payloadHash;
        if (isHeaderForm)
        {
            payloadHash = request.Headers["x-amz-content-sha256"].ToString();
            if (payloadHash.Length == 0)
            {
                return (null, S3Error.InvalidRequest.WithMessage("Missing required header for this request: x-amz-content-sha256"));
            }
        }
        else
        {
            var declared = request.Query["X-Amz-Content-Sha256"].ToString();
            payloadHash = declared.Length > 0 ? declared : SigV4.UnsignedPayload;
        }

        var result = await verifier.VerifyAsync(request, "s3", payloadHash, cancellationToken);
        if (!result.Succeeded)
        {
            return (null, result.Failure switch
            {
                AuthenticationFailure.UnknownAccessKey => S3Error.InvalidAccessKeyId,
                AuthenticationFailure.SignatureMismatch => S3Error.SignatureDoesNotMatch,
                AuthenticationFailure.RequestTimeTooSkewed => S3Error.RequestTimeTooSkewed,
                AuthenticationFailure.Expired => S3Error.ExpiredToken,
                AuthenticationFailure.Missing => S3Error.AccessDenied,
                _ => (isHeaderForm ? S3Error.AuthorizationHeaderMalformed : S3Error.AuthorizationQueryParametersError).WithMessage(result.Detail!),
            });
        }

        var signed = result.Request!;
        if (!signed.Principal.IsAccountRoot)
        {
            usage.RecordUse(signed.Principal.AccessKeyId, new AccessKeyUse(now, signed.Region, "s3"));
        }

        return (signed, null);
    }
}
