namespace LocalSail.Server.Objects.Encryption;

/// <summary>How an object's (or an upload's) bytes are encrypted, as S3 names it.</summary>
internal enum EncryptionKind
{
    /// <summary>SSE-S3: under a key of the server's (<c>x-amz-server-side-encryption: AES256</c>).</summary>
    Server,

    /// <summary>SSE-C: under a key the client sends with every request that reads or writes the bytes.</summary>
    Customer,
}

/// <summary>
/// What the metadata keeps of an object's encryption: its kind and its data key wrapped (AES-GCM) under a key derived
/// from the data directory's key, and for SSE-C also from the customer's key. For SSE-C a salted HMAC of the
/// customer's key recognises it; the key itself is never kept. Null on an object means its bytes are plaintext
/// (written before objects were encrypted).
/// </summary>
internal sealed record ObjectEncryption(EncryptionKind Kind, byte[] WrappedKey, byte[]? CustomerKeySalt = null, byte[]? CustomerKeyHmac = null)
{
    private const string ServerTag = "S3";
    private const string CustomerTag = "C";

    public bool IsCustomerKey => Kind == EncryptionKind.Customer;

    /// <summary>The column's text: <c>S3:wrapped</c> or <c>C:wrapped:salt:hmac</c>, each base64.</summary>
    public string Encode() => Kind == EncryptionKind.Server
        ? $"{ServerTag}:{Convert.ToBase64String(WrappedKey)}"
        : $"{CustomerTag}:{Convert.ToBase64String(WrappedKey)}:{Convert.ToBase64String(CustomerKeySalt!)}:{Convert.ToBase64String(CustomerKeyHmac!)}";

    public static ObjectEncryption? Decode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var fields = text.Split(':');
        return fields[0] switch
        {
            ServerTag when fields.Length == 2 => new ObjectEncryption(EncryptionKind.Server, Convert.FromBase64String(fields[1])),
            CustomerTag when fields.Length == 4 => new ObjectEncryption(
                EncryptionKind.Customer, Convert.FromBase64String(fields[1]), Convert.FromBase64String(fields[2]), Convert.FromBase64String(fields[3])),
            _ => throw new InvalidDataException("An object's encryption record is not one LocalSail writes."),
        };
    }
}
