using System.Security.Cryptography;
using LocalSail.Server.Storage;

namespace LocalSail.Server.Objects.Encryption;

/// <summary>
/// Makes and opens objects' data keys. Every new object (and every multipart upload) gets a random data key, wrapped
/// with AES-GCM under a key-encryption key: for SSE-S3 one derived from the data directory's key (the root of trust
/// that also protects access-key secrets, <see cref="SecretProtector"/>); for SSE-C one derived from both that key
/// and the customer's, so neither the data directory nor the customer's key alone opens the object. For SSE-C a
/// salted HMAC of the customer's key is kept to recognise it, as S3 does.
/// </summary>
internal sealed class ObjectKeyring
{
    private const int SaltSize = 16;
    private static readonly byte[] ServerContext = "localsail sse-s3 data key"u8.ToArray();
    private static readonly byte[] CustomerContext = "localsail sse-c data key"u8.ToArray();

    private readonly byte[] _keyEncryptionKey;

    public ObjectKeyring(SecretProtector root) => _keyEncryptionKey = root.DeriveKey("localsail object data keys v1");

    /// <summary>A new data key, and what the metadata keeps of it: under the server's key, or the customer's when given.</summary>
    public (ObjectEncryption Encryption, DataKey Key) Create(CustomerKey? customer)
    {
        var key = DataKey.Generate();
        if (customer is null)
        {
            return (new ObjectEncryption(EncryptionKind.Server, Wrap(_keyEncryptionKey, key, ServerContext)), key);
        }

        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var encryption = new ObjectEncryption(
            EncryptionKind.Customer, Wrap(CustomerKeyEncryptionKey(customer), key, CustomerContext), salt, HMACSHA256.HashData(salt, customer.Bytes));
        return (encryption, key);
    }

    /// <summary>Whether <paramref name="customer"/> is the key an SSE-C object was written with (in constant time).</summary>
    public static bool Recognises(ObjectEncryption encryption, CustomerKey customer) =>
        encryption.IsCustomerKey && CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(encryption.CustomerKeySalt!, customer.Bytes), encryption.CustomerKeyHmac);

    /// <summary>
    /// The data key of an object: for SSE-C <paramref name="customer"/> must be the key it was written with
    /// (<see cref="Recognises"/>, checked by the caller first). Throws when the wrapped key does not authenticate.
    /// </summary>
    public DataKey Open(ObjectEncryption encryption, CustomerKey? customer)
    {
        if (encryption.IsCustomerKey)
        {
            ArgumentNullException.ThrowIfNull(customer);
            return Unwrap(CustomerKeyEncryptionKey(customer), encryption.WrappedKey, CustomerContext);
        }

        return Unwrap(_keyEncryptionKey, encryption.WrappedKey, ServerContext);
    }

    private byte[] CustomerKeyEncryptionKey(CustomerKey customer)
    {
        Span<byte> material = stackalloc byte[CustomerKey.Size + CustomerContext.Length];
        customer.Bytes.CopyTo(material);
        CustomerContext.CopyTo(material[CustomerKey.Size..]);
        var derived = HMACSHA256.HashData(_keyEncryptionKey, material);
        CryptographicOperations.ZeroMemory(material);
        return derived;
    }

    private static byte[] Wrap(byte[] keyEncryptionKey, DataKey key, byte[] context)
    {
        var wrapped = new byte[SegmentFormat.NonceSize + DataKey.Size + SegmentFormat.TagSize];
        var nonce = wrapped.AsSpan(0, SegmentFormat.NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keyEncryptionKey, SegmentFormat.TagSize);
        aes.Encrypt(nonce, key.Bytes, wrapped.AsSpan(SegmentFormat.NonceSize, DataKey.Size), wrapped.AsSpan(SegmentFormat.NonceSize + DataKey.Size), context);
        return wrapped;
    }

    private static DataKey Unwrap(byte[] keyEncryptionKey, byte[] wrapped, byte[] context)
    {
        if (wrapped.Length != SegmentFormat.NonceSize + DataKey.Size + SegmentFormat.TagSize)
        {
            throw new AuthenticationTagMismatchException("A wrapped data key has the wrong length.");
        }

        var key = new byte[DataKey.Size];
        using var aes = new AesGcm(keyEncryptionKey, SegmentFormat.TagSize);
        aes.Decrypt(
            wrapped.AsSpan(0, SegmentFormat.NonceSize),
            wrapped.AsSpan(SegmentFormat.NonceSize, DataKey.Size),
            wrapped.AsSpan(SegmentFormat.NonceSize + DataKey.Size),
            key,
            context);
        return new DataKey(key);
    }
}
