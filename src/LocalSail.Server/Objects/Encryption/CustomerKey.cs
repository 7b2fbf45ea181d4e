namespace LocalSail.Server.Objects.Encryption;

/// <summary>
/// A key a client sent with SSE-C (already checked against its MD5): used for the one request, never stored,
/// never logged. <see cref="KeyMd5"/> is the base64 MD5 S3 echoes back.
/// </summary>
internal sealed class CustomerKey(byte[] key, string keyMd5)
{
    public const int Size = 32;

    internal ReadOnlySpan<byte> Bytes => key;

    public string KeyMd5 { get; } = keyMd5;

    /// <summary>Never the key itself.</summary>
    public override string ToString() => "SSE-C key " + KeyMd5;
}
