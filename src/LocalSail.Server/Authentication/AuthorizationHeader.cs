using System.Diagnostics.CodeAnalysis;
using LocalSail.Signing;

namespace LocalSail.Server.Authentication;

/// <summary>The parts of a SigV4 Authorization header (or of a presigned query).</summary>
internal sealed record AuthorizationHeader(string AccessKeyId, string Date, string Region, string Service, string SignedHeaders, string Signature)
{
    public string Scope => $"{Date}/{Region}/{Service}/{SigV4.Terminator}";

    /// <summary>Parses <c>AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex</c>.</summary>
    public static bool TryParse(string value, [NotNullWhen(true)] out AuthorizationHeader? header, out string error)
    {
        header = null;
        var span = value.AsSpan().Trim();
        if (!span.StartsWith(SigV4.Algorithm, StringComparison.Ordinal))
        {
            error = "Only AWS4-HMAC-SHA256 signatures are supported.";
            return false;
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in span[SigV4.Algorithm.Length..].ToString().Split(','))
        {
            var trimmed = part.Trim();
            var equals = trimmed.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var name = trimmed[..equals];
            var content = trimmed[(equals + 1)..];
            switch (name)
            {
                case "Credential":
                    credential = content;
                    break;
                case "SignedHeaders":
                    signedHeaders = content;
                    break;
                case "Signature":
                    signature = content;
                    break;
            }
        }

        if (credential is null || signedHeaders is null || signature is null)
        {
            error = "The Authorization header must contain Credential, SignedHeaders and Signature.";
            return false;
        }

        return TryCreate(credential, signedHeaders, signature, out header, out error);
    }

    public static bool TryCreate(string credential, string signedHeaders, string signature, [NotNullWhen(true)] out AuthorizationHeader? header, out string error)
    {
        header = null;
        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[4] != SigV4.Terminator || parts[1].Length != 8 || parts[0].Length == 0 || parts[2].Length == 0)
        {
            error = "The credential must be of the form <key>/<yyyyMMdd>/<region>/<service>/aws4_request.";
            return false;
        }

        if (signature.Length != 64 || !signature.All(char.IsAsciiHexDigitLower))
        {
            error = "The signature must be 64 lower-case hex digits.";
            return false;
        }

        if (signedHeaders.Length == 0)
        {
            error = "SignedHeaders must not be empty.";
            return false;
        }

        header = new AuthorizationHeader(parts[0], parts[1], parts[2], parts[3], signedHeaders, signature);
        error = string.Empty;
        return true;
    }
}
