using System.Globalization;
using LocalSail.Server.Authentication;
using LocalSail.Signing;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane.Payload;

/// <summary>How a request's body is framed and what must be verified while it streams.</summary>
internal enum PayloadFraming
{
    /// <summary>The body as is; <see cref="PayloadSpec.ExpectedSha256"/> when the signer hashed it.</summary>
    Raw,

    /// <summary>aws-chunked with a signature on each chunk (optionally a signed trailer).</summary>
    SignedChunks,

    /// <summary>aws-chunked without chunk signatures, checksum in the trailer.</summary>
    UnsignedChunks,
}

internal sealed record PayloadSpec
{
    public PayloadFraming Framing { get; init; }

    /// <summary>The hex SHA-256 the signer declared, for a raw body.</summary>
    public string? ExpectedSha256 { get; init; }

    public bool HasSignedTrailer { get; init; }

    public SignedRequest? Signing { get; init; }

    /// <summary>The number of payload bytes announced (Content-Length, or x-amz-decoded-content-length when chunked).</summary>
    public long? DeclaredLength { get; init; }

    /// <summary>Content-MD5 decoded.</summary>
    public byte[]? ContentMd5 { get; init; }

    /// <summary>The additional checksum to compute, if the client asked for one.</summary>
    public string? ChecksumAlgorithm { get; init; }

    /// <summary>The checksum value from a header; null when it comes in the trailer or is only to be computed.</summary>
    public string? ExpectedChecksum { get; init; }

    /// <summary>The trailer header that will carry the checksum (x-amz-trailer).</summary>
    public string? TrailerChecksumHeader { get; init; }

    /// <summary>
    /// Reads what the request's headers say of its body; an error for malformed ones. With
    /// <paramref name="checksumHeadersNameTheObject"/> (CompleteMultipartUpload) the <c>x-amz-checksum-*</c> headers are
    /// the object's checksum, not the body's.
    /// </summary>
    public static (PayloadSpec? Spec, S3Error? Error) FromRequest(HttpRequest request, SignedRequest? signing, bool checksumHeadersNameTheObject = false)
    {
        var headers = request.Headers;
        var contentSha = signing?.PayloadHash ?? SigV4.UnsignedPayload;
        var spec = new PayloadSpec { Signing = signing, DeclaredLength = request.ContentLength };
        switch (contentSha)
        {
            case SigV4.UnsignedPayload:
                break;
            case SigV4.StreamingPayload:
            case SigV4.StreamingPayloadTrailer:
                spec = spec with { Framing = PayloadFraming.SignedChunks, HasSignedTrailer = contentSha == SigV4.StreamingPayloadTrailer };
                break;
            case SigV4.StreamingUnsignedPayloadTrailer:
                spec = spec with { Framing = PayloadFraming.UnsignedChunks };
                break;
            default:
                if (contentSha.Length != 64 || !contentSha.All(char.IsAsciiHexDigit))
                {
                    return (null, S3Error.InvalidArgument.WithMessage("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-* or a hex SHA-256."));
                }

                spec = spec with { ExpectedSha256 = contentSha.ToLowerInvariant() };
                break;
        }

        if (spec.Framing != PayloadFraming.Raw)
        {
            var decoded = headers["x-amz-decoded-content-length"].ToString();
            if (decoded.Length == 0)
            {
                spec = spec with { DeclaredLength = null };
            }
            else if (long.TryParse(decoded, NumberStyles.None, CultureInfo.InvariantCulture, out var decodedLength))
            {
                spec = spec with { DeclaredLength = decodedLength };
            }
            else
            {
                return (null, S3Error.InvalidArgument.WithMessage("x-amz-decoded-content-length is not a number."));
            }
        }

        var md5 = headers.ContentMD5.ToString();
        if (md5.Length > 0)
        {
            var bytes = new byte[16];
            if (!Convert.TryFromBase64String(md5, bytes, out var written) || written != 16)
            {
                return (null, S3Error.InvalidDigest);
            }

            spec = spec with { ContentMd5 = bytes };
        }

        var trailer = headers["x-amz-trailer"].ToString().Trim();
        if (trailer.Length > 0)
        {
            var algorithm = ChecksumAlgorithms.FromHeaderName(trailer);
            if (algorithm is null || spec.Framing == PayloadFraming.Raw)
            {
                return (null, S3Error.InvalidRequest.WithMessage($"The trailer '{trailer}' is not supported here."));
            }

            return (spec with { ChecksumAlgorithm = algorithm, TrailerChecksumHeader = trailer.ToLowerInvariant() }, null);
        }

        foreach (var algorithm in checksumHeadersNameTheObject ? [] : ChecksumAlgorithms.All)
        {
            var value = headers[ChecksumAlgorithms.HeaderName(algorithm)].ToString();
            if (value.Length > 0)
            {
                if (!IsBase64(value))
                {
                    return (null, S3Error.InvalidRequest.WithMessage($"Value for {ChecksumAlgorithms.HeaderName(algorithm)} header is invalid."));
                }

                return (spec with { ChecksumAlgorithm = algorithm, ExpectedChecksum = value }, null);
            }
        }

        var requested = headers["x-amz-sdk-checksum-algorithm"].ToString();
        if (requested.Length > 0)
        {
            var algorithm = ChecksumAlgorithms.Normalize(requested);
            if (algorithm is null)
            {
                return (null, S3Error.InvalidRequest.WithMessage($"Checksum algorithm '{requested}' is not supported."));
            }

            spec = spec with { ChecksumAlgorithm = algorithm };
        }

        return (spec, null);
    }

    private static bool IsBase64(string value)
    {
        Span<byte> buffer = stackalloc byte[64];
        return Convert.TryFromBase64String(value, buffer, out _);
    }
}
