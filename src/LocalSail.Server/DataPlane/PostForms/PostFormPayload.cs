using LocalSail.Server.DataPlane.Payload;

namespace LocalSail.Server.DataPlane.PostForms;

/// <summary>
/// What a POST form says of its file, for the checks a PUT's headers ask for: <c>Content-MD5</c>, an
/// <c>x-amz-checksum-*</c> value (and <c>x-amz-checksum-algorithm</c>, which must name the one sent).
/// </summary>
internal static class PostFormPayload
{
    public static (PayloadSpec? Spec, S3Error? Error) SpecFor(PostForm form)
    {
        var spec = new PayloadSpec { Framing = PayloadFraming.Raw };
        if (form.Field("Content-MD5") is { } md5)
        {
            var bytes = new byte[16];
            if (!Convert.TryFromBase64String(md5, bytes, out var written) || written != 16)
            {
                return (null, S3Error.InvalidDigest);
            }

            spec = spec with { ContentMd5 = bytes };
        }

        foreach (var algorithm in ChecksumAlgorithms.All)
        {
            var name = ChecksumAlgorithms.HeaderName(algorithm);
            if (form.Field(name) is { } value)
            {
                Span<byte> decoded = stackalloc byte[64];
                if (!Convert.TryFromBase64String(value, decoded, out _))
                {
                    return (null, S3Error.InvalidRequest.WithMessage($"Value for {name} header is invalid."));
                }

                spec = spec with { ChecksumAlgorithm = algorithm, ExpectedChecksum = value };
                break;
            }
        }

        if (form.Field("x-amz-checksum-algorithm") is { } declared)
        {
            var algorithm = ChecksumAlgorithms.Normalize(declared);
            if (algorithm is null)
            {
                return (null, S3Error.InvalidRequest.WithMessage($"Checksum algorithm '{declared}' is not supported."));
            }

            if (algorithm != spec.ChecksumAlgorithm)
            {
                return (null, S3Error.InvalidRequest.WithMessage(
                    $"x-amz-checksum-algorithm is {algorithm}, so the form must carry its value in {ChecksumAlgorithms.HeaderName(algorithm)}."));
            }
        }

        return (spec, null);
    }
}
