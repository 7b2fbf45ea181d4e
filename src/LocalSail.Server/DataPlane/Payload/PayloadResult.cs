namespace LocalSail.Server.DataPlane.Payload;

/// <summary>A body received and verified (or the error that refused it): its length, MD5 and checksum.</summary>
internal sealed record PayloadResult(S3Error? Error, long Length, byte[] Md5, string? ChecksumValue)
{
    public static PayloadResult Fail(S3Error error) => new(error, 0, [], null);

    public string Md5Hex => Convert.ToHexStringLower(Md5);
}
