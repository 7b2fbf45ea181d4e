namespace LocalSail.Server.Authentication;

/// <summary>The outcome of verifying a request's signature. Failure is an expected result, not an exception.</summary>
internal sealed class AuthenticationResult
{
    private AuthenticationResult(AuthenticationFailure failure, string? detail, SignedRequest? request)
    {
        Failure = failure;
        Detail = detail;
        Request = request;
    }

    public AuthenticationFailure Failure { get; }

    /// <summary>Why it failed, for the error message; never a secret.</summary>
    public string? Detail { get; }

    /// <summary>The verified request, on success.</summary>
    public SignedRequest? Request { get; }

    public bool Succeeded => Failure == AuthenticationFailure.None;

    public static AuthenticationResult Success(SignedRequest request) => new(AuthenticationFailure.None, null, request);

    public static AuthenticationResult Fail(AuthenticationFailure failure, string detail) => new(failure, detail, null);
}

internal enum AuthenticationFailure
{
    None,

    /// <summary>No Authorization header and no presigned query.</summary>
    Missing,

    /// <summary>The Authorization header or presigned query cannot be parsed, or its scope is wrong.</summary>
    Malformed,

    /// <summary>No such access key (or it was deleted).</summary>
    UnknownAccessKey,

    SignatureMismatch,

    /// <summary>More than 15 minutes between the request's time and the server's.</summary>
    RequestTimeTooSkewed,

    /// <summary>A presigned URL past its <c>X-Amz-Expires</c>.</summary>
    Expired,
}

/// <summary>
/// A request whose signature was verified: who signed it, its scope, and what a streaming body needs to
/// verify its chunk signatures (the signing key, the timestamp and the seed signature).
/// </summary>
internal sealed record SignedRequest(
    Principal Principal,
    string Region,
    string Service,
    string AmzDate,
    string Scope,
    string Signature,
    byte[] SigningKey,
    string PayloadHash,
    bool IsPresigned);
