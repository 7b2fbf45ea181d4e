using System.Security.Cryptography;
using LocalSail.Server.Objects.Encryption;
using LocalSail.Server.Storage;

namespace LocalSail.Server.Tests.Objects.Encryption;

/// <summary>Data keys: wrapped under the data directory's key, and for SSE-C under the customer's too, which is recognised by a salted HMAC and never kept.</summary>
public sealed class ObjectKeyringTests : IDisposable
{
    private readonly SecretProtector _root = SecretProtector.Ephemeral();

    private static CustomerKey Customer(byte fill)
    {
        var key = Enumerable.Repeat(fill, 32).ToArray();
        return new CustomerKey(key, Convert.ToBase64String(MD5.HashData(key)));
    }

    public void Dispose() => _root.Dispose();

    private static byte[] Encrypted(DataKey key) => SegmentFormat.EncryptSegment(key, "the same bytes"u8);

    [Fact]
    public void A_server_key_opens_with_the_data_directorys_key_only()
    {
        var keyring = new ObjectKeyring(_root);
        var (encryption, key) = keyring.Create(null);

        Assert.Equal(EncryptionKind.Server, encryption.Kind);
        Assert.Null(encryption.CustomerKeyHmac);
        var stored = Encrypted(key);
        var decoded = ObjectEncryption.Decode(encryption.Encode())!;
        Assert.Equal("the same bytes"u8.ToArray(), SegmentFormat.DecryptRange(keyring.Open(decoded, null), stored, 14, 0, 14));

        using var otherRoot = SecretProtector.Ephemeral();
        Assert.ThrowsAny<CryptographicException>(() => new ObjectKeyring(otherRoot).Open(decoded, null));
    }

    [Fact]
    public void Small_objects_decrypt_inline_again_and_again_each_under_its_own_key()
    {
        const int seed = 1130;
        var random = new Random(seed);
        var keyring = new ObjectKeyring(_root);

        // More objects than the thread keeps ciphers for, read in turns, so that kept ciphers are replaced and found.
        var objects = Enumerable.Range(0, 40).Select(i =>
        {
            var plaintext = new byte[1 + random.Next(100_000)];
            random.NextBytes(plaintext);
            var (encryption, key) = keyring.Create(null);
            return (Encryption: ObjectEncryption.Decode(encryption.Encode())!, Plaintext: plaintext, Stored: SegmentFormat.EncryptSegment(key, plaintext));
        }).ToArray();
        for (var round = 0; round < 200; round++)
        {
            var (encryption, plaintext, stored) = objects[random.Next(objects.Length)];
            var offset = random.Next(plaintext.Length);
            var length = random.Next(plaintext.Length - offset + 1);
            Assert.Equal(plaintext.AsSpan(offset, length).ToArray(), keyring.DecryptInline(encryption, null, stored, plaintext.Length, offset, length));
        }

        // Another object's bytes under a kept cipher, and a flipped bit, are refused; another keyring opens nothing.
        var (first, firstPlaintext, _) = objects[0];
        Assert.ThrowsAny<CryptographicException>(() => keyring.DecryptInline(first, null, objects[1].Stored, objects[1].Plaintext.Length, 0, 1));
        var altered = objects[0].Stored.ToArray();
        altered[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => keyring.DecryptInline(first, null, altered, firstPlaintext.Length, 0, firstPlaintext.Length));
        using var otherRoot = SecretProtector.Ephemeral();
        Assert.ThrowsAny<CryptographicException>(() => new ObjectKeyring(otherRoot).DecryptInline(first, null, objects[0].Stored, firstPlaintext.Length, 0, 1));

        // SSE-C: with the customer's key.
        var customer = Customer(7);
        var (customerEncryption, customerKey) = keyring.Create(customer);
        var customerStored = SegmentFormat.EncryptSegment(customerKey, "customer bytes"u8);
        Assert.Equal("bytes"u8.ToArray(), keyring.DecryptInline(customerEncryption, customer, customerStored, 14, 9, 5));
    }

    [Fact]
    public void A_customer_key_is_recognised_needed_and_not_kept()
    {
        var keyring = new ObjectKeyring(_root);
        var customer = Customer(7);
        var (encryption, key) = keyring.Create(customer);
        var text = encryption.Encode();

        Assert.True(ObjectKeyring.Recognises(encryption, customer));
        Assert.False(ObjectKeyring.Recognises(encryption, Customer(8)));
        Assert.DoesNotContain(Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()), text, StringComparison.Ordinal);
        Assert.DoesNotContain(customer.KeyMd5, text, StringComparison.Ordinal);

        var stored = Encrypted(key);
        Assert.Equal("the same bytes"u8.ToArray(), SegmentFormat.DecryptRange(keyring.Open(ObjectEncryption.Decode(text)!, customer), stored, 14, 0, 14));
        Assert.ThrowsAny<CryptographicException>(() => keyring.Open(encryption, Customer(8)));

        // The same customer key on two objects: different salts, different records.
        var (again, _) = keyring.Create(customer);
        Assert.NotEqual(encryption.CustomerKeyHmac, again.CustomerKeyHmac);
    }
}
