using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LocalSail.Server.Authentication;
using LocalSail.Signing;

namespace LocalSail.Server.DataPlane.PostForms;

/// <summary>
/// Who signed a POST Object: its form is read as far as the file (<see cref="PostFormReader"/>), and the SigV4
/// fields in it (<c>x-amz-algorithm</c>, <c>x-amz-credential</c>, <c>x-amz-date</c>, <c>x-amz-signature</c> over
/// the <c>policy</c> field as sent), or the older <c>AWSAccessKeyId</c> and <c>Signature</c>, are verified with the
/// credential resolution every S3 request uses. A form with neither is anonymous. The policy's conditions are the handler's to check, once the request is allowed.
/// </summary>
internal sealed class PostFormAuthentication(ICredentialResolver credentials, SigningKeyCache signingKeys)
{
    /// <summary>The SigV4 fields, in the order S3 reports the first one missing (then the policy).</summary>
    private static readonly string[] SignatureFields = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Signature"];

    /// <summary>The fields of the older signature, AWS Signature Version 2.</summary>
    private static readonly string[] SigV2Fields = ["AWSAccessKeyId", "Signature"];

    /// <summary>Sets <see cref="S3RequestContext.PostForm"/>, and <see cref="S3RequestContext.Signed"/> for a signed form; the error that ends the request.</summary>
    public async ValueTask<S3Error?> AuthenticateAsync(S3RequestContext context)
    {
        var (form, formError) = await PostFormReader.ReadAsync(context.Request, context.Aborted);
        if (formError is not null)
        {
            return formError;
        }

        context.PostForm = form;
        if (form!.Field("key") is null)
        {
            return MissingField("key");
        }

        if (SignatureFields.Any(name => form.Field(name) is not null))
        {
            return await VerifySigV4Async(context, form);
        }

        if (SigV2Fields.Any(name => form.Field(name) is not null))
        {
            return await VerifySigV2Async(context, form);
        }

        // Neither signature: anonymous, whatever else the form has. What it may do is the authorize stage's to say.
        return null;
    }

    private async ValueTask<S3Error?> VerifySigV4Async(S3RequestContext context, PostForm form)
    {
        foreach (var name in SignatureFields.Append("Policy"))
        {
            if (form.Field(name) is null)
            {
                return MissingField(name);
            }
        }

        var algorithm = form.Field("X-Amz-Algorithm")!;
        var credential = form.Field("X-Amz-Credential")!;
        var amzDate = form.Field("X-Amz-Date")!;
        var signature = form.Field("X-Amz-Signature")!;
        var policy = form.Field("Policy")!;
        if (algorithm != SigV4.Algorithm)
        {
            return InvalidField("X-Amz-Algorithm", algorithm, $"Only {SigV4.Algorithm} is supported.");
        }

        var scope = credential.Split('/');
        if (scope is not [{ Length: > 0 } accessKeyId, { Length: 8 } date, { Length: > 0 } region, "s3", SigV4.Terminator]
            || !DateTime.TryParseExact(date, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return InvalidField("X-Amz-Credential", credential, "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }

        if (!DateTimeOffset.TryParseExact(amzDate, SigV4.AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            return InvalidField("X-Amz-Date", amzDate, "X-Amz-Date must be formatted via ISO8601 Long format");
        }

        var resolved = await credentials.ResolveAsync(accessKeyId, context.Aborted);
        if (resolved is null)
        {
            return S3Error.InvalidAccessKeyId.With("AWSAccessKeyId", accessKeyId);
        }

        var signingKey = signingKeys.Get(accessKeyId, resolved.SecretAccessKey, date, region, "s3");
        if (!SigV4.SignaturesEqual(SigV4.ComputeSignature(signingKey, policy), signature))
        {
            return SignatureMismatch(accessKeyId, policy, signature);
        }

        context.Signed = new SignedRequest(
            resolved.Principal, region, "s3", amzDate, string.Join('/', scope[1..]), signature, signingKey, SigV4.UnsignedPayload, IsPresigned: false);
        return null;
    }

    /// <summary>
    /// The older form (<c>AWSAccessKeyId</c>, <c>Signature</c>: base64 HMAC-SHA1 of the policy field), which S3 still
    /// accepts and boto3's <c>generate_presigned_post</c> makes unless configured for SigV4. It has no region: the
    /// authorize stage gives it the bucket's.
    /// </summary>
    private async ValueTask<S3Error?> VerifySigV2Async(S3RequestContext context, PostForm form)
    {
        foreach (var name in SigV2Fields.Append("Policy"))
        {
            if (form.Field(name) is null)
            {
                return MissingField(name);
            }
        }

        var accessKeyId = form.Field("AWSAccessKeyId")!;
        var signature = form.Field("Signature")!;
        var policy = form.Field("Policy")!;
        var resolved = await credentials.ResolveAsync(accessKeyId, context.Aborted);
        if (resolved is null)
        {
            return S3Error.InvalidAccessKeyId.With("AWSAccessKeyId", accessKeyId);
        }

        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(resolved.SecretAccessKey), Encoding.UTF8.GetBytes(policy)));
        if (!SigV4.SignaturesEqual(expected, signature))
        {
            return SignatureMismatch(accessKeyId, policy, signature);
        }

        context.Signed = new SignedRequest(resolved.Principal, string.Empty, "s3", string.Empty, string.Empty, string.Empty, [], SigV4.UnsignedPayload, IsPresigned: false);
        return null;
    }

    private static S3Error SignatureMismatch(string accessKeyId, string policy, string signature) => S3Error.SignatureDoesNotMatch
        .With("AWSAccessKeyId", accessKeyId)
        .With("StringToSign", policy)
        .With("SignatureProvided", signature)
        .With("StringToSignBytes", string.Join(' ', Encoding.UTF8.GetBytes(policy).Select(b => b.ToString("x2", CultureInfo.InvariantCulture))));

    private static S3Error MissingField(string name) => S3Error.InvalidArgument
        .WithMessage($"Bucket POST must contain a field named '{name}'.  If it is specified, please check the order of the fields.")
        .With("ArgumentName", name)
        .With("ArgumentValue", string.Empty);

    private static S3Error InvalidField(string name, string value, string message) => S3Error.InvalidArgument
        .WithMessage(message)
        .With("ArgumentName", name)
        .With("ArgumentValue", value);
}
