using System.Security.Cryptography;
using System.Text;

namespace LocalSail.Server.Storage;

/// <summary>
/// Encrypts secrets at rest with AES-GCM under a key kept in the data directory, readable by its owner
/// only. The access key id is the associated data, so a ciphertext cannot be moved to another key.
/// Safe to use from many threads at once: an <see cref="AesGcm"/> instance is not, so each call makes its
/// own (a microsecond or two, paid only when a key is created or first used).
/// </summary>
internal sealed class SecretProtector : IDisposable
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    private SecretProtector(byte[] key) => _key = key;

    /// <summary>Loads the key file, creating it (mode 0600) when absent.</summary>
    /// <remarks>
    /// The key is written whole to a file of its own, then moved into place only if no key is there yet, so that
    /// processes starting at once on one directory never read a half-written key: all of them use the first one.
    /// </remarks>
    public static SecretProtector FromKeyFile(string path)
    {
        if (!File.Exists(path))
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            var candidate = $"{path}.{Guid.NewGuid():N}.new";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(candidate, options))
            {
                stream.Write(fresh);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(candidate, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
                File.Delete(candidate);
            }
        }

        var key = File.ReadAllBytes(path);
        if (key.Length != 32)
        {
            throw new InvalidDataException($"The secret key file {path} is not a 32-byte key.");
        }

        return new SecretProtector(key);
    }

    public static SecretProtector Ephemeral() => new(RandomNumberGenerator.GetBytes(32));

    public byte[] Protect(string secret, string associatedData)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(associatedData));
        return output;
    }

    public string Unprotect(byte[] protectedSecret, string associatedData)
    {
        var length = protectedSecret.Length - NonceSize - TagSize;
        var plaintext = new byte[length];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(
            protectedSecret.AsSpan(0, NonceSize),
            protectedSecret.AsSpan(NonceSize, length),
            protectedSecret.AsSpan(NonceSize + length),
            plaintext,
            Encoding.UTF8.GetBytes(associatedData));
        return Encoding.UTF8.GetString(plaintext);
    }

    /// <summary>
    /// A key for another use derived from this one (HKDF-SHA256), so that one file stays the root of trust and each
    /// use has a key of its own.
    /// </summary>
    internal byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, salt: [], info: Encoding.UTF8.GetBytes(purpose));

    /// <summary>
    /// A fingerprint of the key that reveals nothing of it (an HMAC of a fixed label), to tell whether two
    /// processes hold the same key.
    /// </summary>
    public string Fingerprint() =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("LocalSail secret key fingerprint")));

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
