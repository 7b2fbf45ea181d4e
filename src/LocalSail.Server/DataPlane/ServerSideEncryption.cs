using System.Security.Cryptography;
using LocalSail.Server.Hosting;
using LocalSail.Server.Objects;
using LocalSail.Server.Objects.Encryption;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane;

/// <summary>
/// S3's rules for server-side encryption on the wire: every new object is encrypted (SSE-S3, reported as
/// <c>x-amz-server-side-encryption: AES256</c>; unless <see cref="LocalSailOptions.EncryptObjects"/> is off and
/// the request does not ask for it), or under the customer's key when a write carries SSE-C headers
/// (<c>x-amz-server-side-encryption-customer-algorithm/-key/-key-MD5</c>, for a copy's source the same headers
/// prefixed <c>x-amz-copy-source-</c>). Which headers are needed when and which error each miss is, and the data key a
/// request may use; the bytes are encrypted and decrypted by the blob store under that key.
/// </summary>
internal sealed class ServerSideEncryption(ObjectKeyring keyring, LocalSailOptions options)
{
    public const string Algorithm = "AES256";
    public const string Header = "x-amz-server-side-encryption";
    public const string CustomerAlgorithmHeader = "x-amz-server-side-encryption-customer-algorithm";
    public const string CustomerKeyHeader = "x-amz-server-side-encryption-customer-key";
    public const string CustomerKeyMd5Header = "x-amz-server-side-encryption-customer-key-MD5";

    /// <summary>What names a copy's source headers: <c>x-amz-copy-source-server-side-encryption-customer-*</c>.</summary>
    public const string CopySourcePrefix = "x-amz-copy-source-";

    private static readonly S3Error NotApplicable = S3Error.InvalidRequest.WithMessage("The encryption parameters are not applicable to this object.");

    /// <summary>
    /// The encryption a write asks for: SSE-S3 (null) unless it carries SSE-C headers (the customer's key, checked
    /// against its MD5). <c>x-amz-server-side-encryption</c> may say AES256; LocalSail has no KMS.
    /// </summary>
    public static (CustomerKey? Customer, S3Error? Error) ForWrite(HttpRequest request)
    {
        var method = request.Headers[Header].ToString();
        if (method.Length > 0 && method != Algorithm)
        {
            return (null, method.StartsWith("aws:kms", StringComparison.Ordinal)
                ? S3Error.NotImplemented.WithMessage("LocalSail has no KMS: objects are encrypted with SSE-S3 (AES256) or with a customer-provided key (SSE-C).")
                : S3Error.InvalidArgument.WithMessage("The encryption method specified is not supported").With("ArgumentName", Header).With("ArgumentValue", method));
        }

        var (customer, error) = CustomerKeyFrom(request, string.Empty, isRead: false);
        if (error is null && customer is not null && method.Length > 0)
        {
            return (null, S3Error.InvalidArgument.WithMessage("Server Side Encryption with Customer provided key is incompatible with the encryption method specified")
                .With("ArgumentName", Header).With("ArgumentValue", method));
        }

        return (customer, error);
    }

    /// <summary>Whether a write names SSE-S3 itself (<see cref="ForWrite"/> has checked that it says AES256).</summary>
    public static bool Requested(HttpRequest request) => request.Headers.ContainsKey(Header);

    /// <summary>
    /// The customer's key of a request (for a copy's source, the headers whose <c>x-amz-</c> is <paramref name="prefix"/>), or null when it has none. A read needs
    /// no MD5 (S3 computes it); a key that is not 256 bits is refused with 403 on a read, as S3 does, and 400 on a write.
    /// </summary>
    public static (CustomerKey? Customer, S3Error? Error) CustomerKeyFrom(HttpRequest request, string prefix, bool isRead)
    {
        var headers = request.Headers;
        var algorithmName = Named(CustomerAlgorithmHeader, prefix);
        var keyName = Named(CustomerKeyHeader, prefix);
        var md5Name = Named(CustomerKeyMd5Header, prefix);
        var hasAlgorithm = headers.TryGetValue(algorithmName, out var algorithm);
        var hasKey = headers.TryGetValue(keyName, out var keyText);
        var hasMd5 = headers.TryGetValue(md5Name, out var md5Text);
        if (!hasAlgorithm && !hasKey && !hasMd5)
        {
            return (null, null);
        }

        if (!hasAlgorithm || algorithm.ToString().Length == 0)
        {
            return (null, Invalid("Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.", algorithmName));
        }

        if (algorithm.ToString() != Algorithm)
        {
            return (null, S3Error.InvalidEncryptionAlgorithmError.With("ArgumentName", algorithmName).With("ArgumentValue", algorithm.ToString()));
        }

        if (!hasKey || keyText.ToString().Length == 0)
        {
            return (null, Invalid("Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.", keyName));
        }

        var key = DecodeBase64(keyText.ToString());
        if (key is null || key.Length != CustomerKey.Size)
        {
            var invalidKey = isRead ? S3Error.AccessDenied : S3Error.InvalidArgument;
            return (null, invalidKey.WithMessage("The secret key was invalid for the specified algorithm.").With("ArgumentName", keyName));
        }

        var actualMd5 = Convert.ToBase64String(MD5.HashData(key));
        if (!hasMd5 && !isRead)
        {
            return (null, Invalid("Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.", md5Name));
        }

        if (hasMd5 && md5Text.ToString() != actualMd5)
        {
            return (null, Invalid("The calculated MD5 hash of the key did not match the hash that was provided.", md5Name));
        }

        return (new CustomerKey(key, actualMd5), null);
    }

    /// <summary>A read (GetObject, HeadObject) may not name an encryption method: S3 refuses the header there.</summary>
    public static S3Error? CheckRead(HttpRequest request) => request.Headers.ContainsKey(Header)
        ? S3Error.InvalidArgument.WithMessage("x-amz-server-side-encryption header is not supported for this operation.").With("ArgumentName", Header)
        : null;

    /// <summary>
    /// A new data key for an object or an upload: under the customer's key when given, else the server's; none (the
    /// bytes stored as sent) when objects are not encrypted by default and the request did not ask for it.
    /// </summary>
    /// <param name="requested">The request named SSE-S3 (<c>x-amz-server-side-encryption: AES256</c>).</param>
    public (ObjectEncryption? Encryption, DataKey? Key) NewKey(CustomerKey? customer, bool requested) =>
        customer is null && !requested && !options.EncryptObjects ? (null, null) : keyring.Create(customer);

    /// <summary>
    /// The data key to read a stored object with (null for bytes written before encryption): an SSE-C object needs the
    /// key it was written with, and SSE-C headers are refused for any other object.
    /// </summary>
    public (DataKey? Key, S3Error? Error) OpenForRead(ObjectEncryption? encryption, CustomerKey? customer) =>
        CheckCustomerKey(encryption, customer) is { } error ? (null, error) : (encryption is null ? null : keyring.Open(encryption, customer), null);

    /// <summary>Whether a read with <paramref name="customer"/> (or without) may open an object so encrypted: the error if not.</summary>
    public static S3Error? CheckCustomerKey(ObjectEncryption? encryption, CustomerKey? customer)
    {
        if (encryption is null || !encryption.IsCustomerKey)
        {
            return customer is not null ? NotApplicable : null;
        }

        if (customer is null)
        {
            return S3Error.InvalidRequest.WithMessage(
                "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.");
        }

        return ObjectKeyring.Recognises(encryption, customer) ? null : S3Error.AccessDenied;
    }

    /// <summary>
    /// A range of a small object's bytes kept in its metadata row (the read allowed by <see cref="CheckCustomerKey"/>).
    /// </summary>
    public byte[] DecryptInline(ObjectEncryption encryption, CustomerKey? customer, ReadOnlySpan<byte> stored, long size, long offset, long length) =>
        keyring.DecryptInline(encryption, customer, stored, size, offset, length);

    /// <summary>The data key a part of <paramref name="upload"/> is encrypted under: an SSE-C upload's parts need its key.</summary>
    public (DataKey? Key, S3Error? Error) OpenForPart(UploadRecord upload, CustomerKey? customer)
    {
        var encryption = upload.Encryption;
        if (encryption is null || !encryption.IsCustomerKey)
        {
            return customer is not null ? (null, NotApplicable) : (encryption is null ? null : keyring.Open(encryption, null), null);
        }

        if (customer is null)
        {
            return (null, S3Error.InvalidRequest.WithMessage(
                "The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters."));
        }

        if (!ObjectKeyring.Recognises(encryption, customer))
        {
            return (null, S3Error.InvalidRequest.WithMessage("The provided encryption parameters did not match the ones used originally."));
        }

        return (keyring.Open(encryption, customer), null);
    }

    /// <summary>
    /// The data key to decrypt an upload's parts with when completing it reads them (for a full-object checksum): an
    /// SSE-C upload's key must come with the request then; otherwise completing needs no key.
    /// </summary>
    public (DataKey? Key, S3Error? Error) OpenForCompletion(HttpRequest request, UploadRecord upload)
    {
        if (upload.Encryption is null)
        {
            return (null, null);
        }

        var (customer, error) = CustomerKeyFrom(request, string.Empty, isRead: true);
        if (error is null && customer is null && upload.Encryption.IsCustomerKey)
        {
            error = S3Error.InvalidRequest.WithMessage("To compute the object's checksum, the request must include the upload's encryption parameters.");
        }

        return error is not null ? (null, error) : OpenForPart(upload, customer);
    }

    /// <summary>The headers S3 answers with for an object so encrypted: SSE-S3's method, or SSE-C's algorithm and key MD5.</summary>
    public static void WriteHeaders(HttpResponse response, ObjectEncryption? encryption, CustomerKey? customer)
    {
        if (encryption is null)
        {
            return;
        }

        if (!encryption.IsCustomerKey)
        {
            response.Headers[Header] = Algorithm;
        }
        else if (customer is not null)
        {
            response.Headers[CustomerAlgorithmHeader] = Algorithm;
            response.Headers[CustomerKeyMd5Header] = customer.KeyMd5;
        }
    }

    private static string Named(string header, string prefix) => prefix.Length == 0 ? header : prefix + header["x-amz-".Length..];

    private static S3Error Invalid(string message, string argument) => S3Error.InvalidArgument.WithMessage(message).With("ArgumentName", argument);

    private static byte[]? DecodeBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
