using LocalSail.Server.Authentication;
using LocalSail.Server.DataPlane.PostForms;
using LocalSail.Signing;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane.Pipeline;

/// <summary>
/// The authenticate stage: who signed the request, if anyone. SigV4 in the header or the presigned query (with
/// the payload hash the client declared), or the older presigned form; failures are S3's errors. An unsigned
/// request goes on as anonymous: what it may do is the authorize stage's to say. A POST Object is signed in its
/// form (<see cref="PostFormAuthentication"/>).
/// </summary>
internal sealed class S3Authentication(SigV4Verifier verifier, SigV2PresignedVerifier presignedV2, PostFormAuthentication postForms)
{
    /// <summary>Whether the request carries a SigV4 signature at all.</summary>
    public static bool IsSigned(HttpRequest request) =>
        request.Headers.ContainsKey("Authorization")
        || request.Query.ContainsKey("X-Amz-Signature")
        || request.Query.ContainsKey("X-Amz-Credential");

    /// <summary>Sets <see cref="S3RequestContext.Signed"/> for a signed request; the error for a signature that does not hold.</summary>
    public async ValueTask<S3Error?> AuthenticateAsync(S3RequestContext context)
    {
        if (context.Route.Operation == S3Operation.PostObject)
        {
            // A browser's form upload is signed in its form, not in its headers.
            return await postForms.AuthenticateAsync(context);
        }

        var request = context.Request;
        if (SigV2PresignedVerifier.IsPresignedV2(request))
        {
            var (presigned, presignedError) = await presignedV2.VerifyAsync(request, context.RawPath, context.Route, context.Now, context.Aborted);
            context.Signed = presigned;
            return presignedError;
        }

        if (!IsSigned(request))
        {
            return null;
        }

        var isHeaderForm = request.Headers.ContainsKey("Authorization");
        string payloadHash;
        if (isHeaderForm)
        {
            payloadHash = request.Headers["x-amz-content-sha256"].ToString();
            if (payloadHash.Length == 0)
            {
                return S3Error.InvalidRequest.WithMessage("Missing required header for this request: x-amz-content-sha256");
            }
        }
        else
        {
            var declared = request.Query["X-Amz-Content-Sha256"].ToString();
            payloadHash = declared.Length > 0 ? declared : SigV4.UnsignedPayload;
        }

        var result = await verifier.VerifyAsync(request, "s3", payloadHash, context.Aborted);
        if (!result.Succeeded)
        {
            return result.Failure switch
            {
                AuthenticationFailure.UnknownAccessKey => S3Error.InvalidAccessKeyId,
                AuthenticationFailure.SignatureMismatch => S3Error.SignatureDoesNotMatch,
                AuthenticationFailure.RequestTimeTooSkewed => S3Error.RequestTimeTooSkewed,
                AuthenticationFailure.Expired => S3Error.ExpiredToken,
                AuthenticationFailure.Missing => S3Error.AccessDenied,
                _ => (isHeaderForm ? S3Error.AuthorizationHeaderMalformed : S3Error.AuthorizationQueryParametersError).WithMessage(result.Detail!),
            };
        }

        context.Signed = result.Request;
        return null;
    }
}
