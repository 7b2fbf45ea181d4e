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

    // The server key's cipher, one per thread (an AesGcm is never shared between threads): every SSE-S3 request
    // wraps or unwraps one data key, and making the cipher costs more than using it. Keyed by keyring, as a test
    // process may hold several.
    [ThreadStatic]
    private static (ObjectKeyring Owner, AesGcm Cipher)? t_serverCipher;

    // The ciphers of the SSE-S3 data keys this thread opened last, by wrapped key: reading a small object again (the
    // hot objects of a web site, say) then costs one decryption, not an unwrap and a new cipher as well. Used only
    // within one synchronous call, so never by two threads; a key lives here no longer than the keyring's own.
    [ThreadStatic]
    private static RecentCiphers? t_recentCiphers;

    public ObjectKeyring(SecretProtector root) => _keyEncryptionKey = root.DeriveKey("localsail object data keys v1");

    /// <summary>A new data key, and what the metadata keeps of it: under the server's key, or the customer's when given.</summary>
    public (ObjectEncryption Encryption, DataKey Key) Create(CustomerKey? customer)
    {
        var key = DataKey.Generate();
        if (customer is null)
        {
            return (new ObjectEncryption(EncryptionKind.Server, Wrap(ServerCipher(), key, ServerContext)), key);
        }

        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var encryption = new ObjectEncryption(
            EncryptionKind.Customer, WrapOnce(CustomerKeyEncryptionKey(customer), key, CustomerContext), salt, HMACSHA256.HashData(salt, customer.Bytes));
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
            using var customerCipher = new AesGcm(CustomerKeyEncryptionKey(customer), SegmentFormat.TagSize);
            return Unwrap(customerCipher, encryption.WrappedKey, CustomerContext);
        }

        return Unwrap(ServerCipher(), encryption.WrappedKey, ServerContext);
    }

    /// <summary>
    /// Decrypts a range of a small object kept whole in memory (its metadata row). For SSE-C <paramref name="customer"/>
    /// must be the key it was written with (<see cref="Recognises"/>, checked by the caller first).
    /// </summary>
    public byte[] DecryptInline(ObjectEncryption encryption, CustomerKey? customer, ReadOnlySpan<byte> stored, long size, long offset, long length)
    {
        if (encryption.IsCustomerKey)
        {
            return SegmentFormat.DecryptRange(Open(encryption, customer), stored, size, offset, length);
        }

        var recent = t_recentCiphers is { } cached && ReferenceEquals(cached.Owner, this) ? cached : t_recentCiphers = new RecentCiphers(this);
        if (recent.Find(encryption.WrappedKey) is not { } cipher)
        {
            cipher = Open(encryption, null).CreateAes();
            recent.Add(encryption.WrappedKey, cipher);
        }

        return SegmentFormat.DecryptRange(cipher, stored, size, offset, length);
    }

    private AesGcm ServerCipher()
    {
        if (t_serverCipher is { } cached && ReferenceEquals(cached.Owner, this))
        {
            return cached.Cipher;
        }

        var cipher = new AesGcm(_keyEncryptionKey, SegmentFormat.TagSize);
        t_serverCipher = (this, cipher);
        return cipher;
    }

    private static byte[] WrapOnce(byte[] keyEncryptionKey, DataKey key, byte[] context)
    {
        using var cipher = new AesGcm(keyEncryptionKey, SegmentFormat.TagSize);
        return Wrap(cipher, key, context);
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

    private static byte[] Wrap(AesGcm aes, DataKey key, byte[] context)
    {
        var wrapped = new byte[SegmentFormat.NonceSize + DataKey.Size + SegmentFormat.TagSize];
        var nonce = wrapped.AsSpan(0, SegmentFormat.NonceSize);
        RandomNumberGenerator.Fill(nonce);
        aes.Encrypt(nonce, key.Bytes, wrapped.AsSpan(SegmentFormat.NonceSize, DataKey.Size), wrapped.AsSpan(SegmentFormat.NonceSize + DataKey.Size), context);
        return wrapped;
    }

    private static DataKey Unwrap(AesGcm aes, byte[] wrapped, byte[] context)
    {
        if (wrapped.Length != SegmentFormat.NonceSize + DataKey.Size + SegmentFormat.TagSize)
        {
            throw new AuthenticationTagMismatchException("A wrapped data key has the wrong length.");
        }

        var key = new byte[DataKey.Size];
        aes.Decrypt(
            wrapped.AsSpan(0, SegmentFormat.NonceSize),
            wrapped.AsSpan(SegmentFormat.NonceSize, DataKey.Size),
            wrapped.AsSpan(SegmentFormat.NonceSize + DataKey.Size),
            key,
            context);
        return new DataKey(key);
    }

    /// <summary>A few ciphers by wrapped key, the oldest replaced first. One thread's.</summary>
    private sealed class RecentCiphers(ObjectKeyring owner)
    {
        private const int Capacity = 16;
        private readonly (byte[] WrappedKey, AesGcm Cipher)[] _entries = new (byte[], AesGcm)[Capacity];
        private int _next;

        public ObjectKeyring Owner { get; } = owner;

        public AesGcm? Find(byte[] wrappedKey)
        {
            foreach (var (key, cipher) in _entries)
            {
                if (key is not null && key.AsSpan().SequenceEqual(wrappedKey))
                {
                    return cipher;
                }
            }

            return null;
        }

        public void Add(byte[] wrappedKey, AesGcm cipher)
        {
            _entries[_next].Cipher?.Dispose();
            _entries[_next] = (wrappedKey, cipher);
            _next = (_next + 1) % Capacity;
        }
    }
}
