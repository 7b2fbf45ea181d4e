using System.Security.Cryptography;

namespace LocalSail.Server.Objects.Encryption;

/// <summary>
/// The AES-256 key that encrypts one object's bytes (or one multipart upload's parts). It lives in memory only
/// for the request that uses it; stored, it is wrapped (<see cref="ObjectEncryption.WrappedKey"/>).
/// </summary>
internal sealed class DataKey
{
    public const int Size = 32;

    private readonly byte[] _key;

    public DataKey(byte[] key)
    {
        if (key.Length != Size)
        {
            throw new ArgumentException("A data key is 32 bytes.", nameof(key));
        }

        _key = key;
    }

    public static DataKey Generate() => new(RandomNumberGenerator.GetBytes(Size));

    /// <summary>A cipher for one operation or one stream: an <see cref="AesGcm"/> is never shared between threads.</summary>
    public AesGcm CreateAes() => new(_key, SegmentFormat.TagSize);

    internal ReadOnlySpan<byte> Bytes => _key;
}
