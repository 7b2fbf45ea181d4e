using System.Globalization;
using LocalSail.Server.Objects;
using LocalSail.Server.Objects.Encryption;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>
/// GetObject and HeadObject: the version asked for, public-access rules for anonymous callers,
/// preconditions, ranges and part numbers, response-* overrides, and the bytes. When the blob store keeps
/// blobs in local files (<see cref="ILocalBlobFiles"/>), the file is read straight into the response's pipe
/// buffers; otherwise the bytes come through the store's range stream. Encrypted bytes (every object written since
/// objects are encrypted) come through the store's decrypting stream, under the object's data key, which for SSE-C
/// needs the customer's key.
/// </summary>
internal sealed class ObjectReader(ObjectService objects, IBlobStore blobs, ServerSideEncryption encryption)
{
    // A quarter MiB per read and flush: with requests run inline, every flush is a send, and 64 KiB sends
    // held a 1 MiB GET to 0.7 of nginx on one core.
    private const int ReadSize = 256 * 1024;

    private static readonly (string Query, string Header)[] Overrides =
    [
        ("response-content-type", "Content-Type"),
        ("response-content-language", "Content-Language"),
        ("response-expires", "Expires"),
        ("response-cache-control", "Cache-Control"),
        ("response-content-disposition", "Content-Disposition"),
        ("response-content-encoding", "Content-Encoding"),
    ];

    private readonly ILocalBlobFiles? _files = blobs as ILocalBlobFiles;

    public async Task<S3Error?> ServeAsync(S3RequestContext context, bool head)
    {
        var bucket = context.Bucket;
        var versionId = context.Query("versionId");
        var (customer, keyError) = ServerSideEncryption.CustomerKeyFrom(context.Request, string.Empty, isRead: true);
        if ((keyError ?? ServerSideEncryption.CheckRead(context.Request)) is { } headerError)
        {
            return headerError;
        }

        for (var attempt = 0; ; attempt++)
        {
            var record = await objects.FindAsync(bucket.Id, context.Key, versionId, context.Aborted);
            var error = Plan(context, record, versionId, out var range);
            if (error is not null)
            {
                return error;
            }

            if (ServerSideEncryption.CheckCustomerKey(record!.Encryption, customer) is { } encryptionError)
            {
                return encryptionError;
            }

            if (head || range.Length == 0 || record.Blob is null)
            {
                WriteHeaders(context, record, range, customer);
                if (!head && range.Length > 0)
                {
                    await context.Response.BodyWriter.WriteAsync(InlineBytes(context, record, range, customer), context.Aborted);
                }

                return null;
            }

            var (key, _) = encryption.OpenForRead(record.Encryption, customer);

            // The bytes are opened before anything is written. An overwrite that commits between the lookup and
            // the open removes the old blob; the lookup is then repeated once and finds the new version.
            // Plaintext bytes (written before objects were encrypted) are read as they are.
            if (key is not null)
            {
                await using var decrypted = await blobs.OpenDecryptedAsync(bucket.Id, record.Blob, record.SegmentLengths, key, range.Offset, range.Length, context.Aborted);
                if (decrypted is not null)
                {
                    WriteHeaders(context, record, range, customer);
                    await SendStreamAsync(context, decrypted, range.Length);
                    return null;
                }
            }
            else if (_files is not null)
            {
                using var file = _files.OpenFile(bucket.Id, record.Blob);
                if (file is not null)
                {
                    WriteHeaders(context, record, range, customer);

                    // Straight from the file into the response's own buffers: no intermediate copy.
                    var writer = context.Response.BodyWriter;
                    var remaining = range.Length;
                    var position = range.Offset;
                    while (remaining > 0)
                    {
                        var memory = writer.GetMemory((int)Math.Min(ReadSize, remaining));
                        var read = RandomAccess.Read(file, memory.Span[..(int)Math.Min(memory.Length, remaining)], position);
                        if (read == 0)
                        {
                            throw new IOException($"The blob of {context.Resource} is shorter than its metadata says.");
                        }

                        writer.Advance(read);
                        position += read;
                        remaining -= read;
                        var flushed = await writer.FlushAsync(context.Aborted);
                        if (flushed.IsCanceled || flushed.IsCompleted)
                        {
                            break;
                        }
                    }

                    return null;
                }
            }
            else
            {
                await using var stream = await blobs.OpenReadAsync(bucket.Id, record.Blob, range.Offset, range.Length, context.Aborted);
                if (stream is not null)
                {
                    WriteHeaders(context, record, range, customer);
                    await SendStreamAsync(context, stream, range.Length);
                    return null;
                }
            }

            if (attempt > 0)
            {
                throw new FileNotFoundException($"The bytes of {context.Resource} are missing.");
            }
        }
    }

    /// <summary>
    /// Decides the answer for <paramref name="record"/>: an error (its headers written), or which bytes to send.
    /// </summary>
    private static S3Error? Plan(S3RequestContext context, ObjectRecord? record, string? versionId, out ObjectRange range)
    {
        range = default;
        var bucket = context.Bucket;
        var response = context.Response;
        if (context.IsAnonymous && !bucket.IsPublic
            && (record is null || record.IsDeleteMarker || !(bucket.AccessRules.AllowPublicOverrides && record.Acl == ObjectAcl.PublicRead)))
        {
            return S3Error.AccessDenied;
        }

        if (record is null)
        {
            return versionId is null ? S3Error.NoSuchKey.With("Key", context.Key) : S3Error.NoSuchVersion.With("Key", context.Key).With("VersionId", versionId);
        }

        if (record.IsDeleteMarker)
        {
            response.Headers["x-amz-delete-marker"] = "true";
            response.Headers["x-amz-version-id"] = record.VersionId;
            return versionId is null ? S3Error.NoSuchKey.With("Key", context.Key) : S3Error.MethodNotAllowed;
        }

        var hasOverrides = false;
        foreach (var (query, _) in Overrides)
        {
            hasOverrides |= context.Request.Query.ContainsKey(query);
        }

        if (hasOverrides && context.IsAnonymous)
        {
            return S3Error.InvalidRequest.WithMessage("Request specific response headers cannot be used for anonymous GET requests.");
        }

        var precondition = Preconditions.Evaluate(context.Request.Headers, record, isRead: true);
        if (precondition is not null)
        {
            if (precondition == S3Error.NotModified)
            {
                response.Headers.ETag = Xml.S3Format.QuotedETag(record.ETag);
                response.Headers.LastModified = Xml.S3Format.HttpDate(record.LastModified);
            }

            return precondition;
        }

        var partNumberText = context.Query("partNumber");
        if (partNumberText is not null)
        {
            if (!int.TryParse(partNumberText, NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber < 1 || partNumber > 10000)
            {
                return S3Error.InvalidArgument.WithMessage("Part number must be an integer between 1 and 10000, inclusive.");
            }

            var sizes = record.PartSizes.Count == 0 ? [record.Size] : record.PartSizes;
            if (partNumber > sizes.Count)
            {
                return S3Error.InvalidPartNumber;
            }

            range = new ObjectRange(sizes.Take(partNumber - 1).Sum(), sizes[partNumber - 1], Partial: record.PartSizes.Count > 0, PartsCount: sizes.Count);
            return null;
        }

        var requested = ByteRange.Parse(context.Request.Headers.Range.ToString(), record.Size, out var satisfiable);
        if (!satisfiable)
        {
            response.Headers.ContentRange = $"bytes */{record.Size}";
            return S3Error.InvalidRange.With("RangeRequested", context.Request.Headers.Range.ToString()).With("ActualObjectSize", record.Size.ToString(CultureInfo.InvariantCulture));
        }

        range = requested is { } r ? new ObjectRange(r.Start, r.Length, Partial: true, PartsCount: 0) : new ObjectRange(0, record.Size, Partial: false, PartsCount: 0);
        return null;
    }

    /// <summary>The status and headers of an answer with the object's bytes.</summary>
    private static void WriteHeaders(S3RequestContext context, ObjectRecord record, ObjectRange range, CustomerKey? customer)
    {
        var response = context.Response;
        ServerSideEncryption.WriteHeaders(response, record.Encryption, customer);
        if (range.PartsCount > 0)
        {
            response.Headers["x-amz-mp-parts-count"] = range.PartsCount.ToString(CultureInfo.InvariantCulture);
        }

        var includeChecksum = !range.Partial && string.Equals(context.Header("x-amz-checksum-mode"), "ENABLED", StringComparison.OrdinalIgnoreCase);
        ObjectHeaders.Write(response, record, context.Bucket, includeChecksum);
        foreach (var (query, header) in Overrides)
        {
            var value = context.Query(query);
            if (value is not null)
            {
                response.Headers[header] = ObjectHeaders.ForResponse(value);
            }
        }

        if (range.Partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {range.Offset}-{range.Offset + range.Length - 1}/{record.Size}";
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
        }

        response.ContentLength = range.Length;
    }

    private ReadOnlyMemory<byte> InlineBytes(S3RequestContext context, ObjectRecord record, ObjectRange range, CustomerKey? customer)
    {
        var inline = record.InlineData;
        if (inline is not null && record.Encryption is { } sealedWith)
        {
            return encryption.DecryptInline(sealedWith, customer, inline, record.Size, range.Offset, range.Length);
        }

        if (inline is null || range.Offset + range.Length > inline.Length)
        {
            throw new IOException($"The inline bytes of {context.Resource} are shorter than its metadata says.");
        }

        return inline.AsMemory((int)range.Offset, (int)range.Length);
    }

    /// <summary>Streams a range the blob store opened into the response's buffers.</summary>
    /// <remarks>
    /// Each buffer is filled before it is flushed: a stream may return less than asked (a decrypting one returns a
    /// 64 KiB chunk at a time), and every flush is a send.
    /// </remarks>
    private static async Task SendStreamAsync(S3RequestContext context, Stream stream, long length)
    {
        var writer = context.Response.BodyWriter;
        var remaining = length;
        while (remaining > 0)
        {
            var memory = writer.GetMemory((int)Math.Min(ReadSize, remaining));
            var want = (int)Math.Min(memory.Length, remaining);
            var filled = 0;
            while (filled < want)
            {
                var read = await stream.ReadAsync(memory[filled..want], context.Aborted);
                if (read == 0)
                {
                    throw new IOException($"The blob of {context.Resource} is shorter than its metadata says.");
                }

                filled += read;
            }

            writer.Advance(filled);
            remaining -= filled;
            var flushed = await writer.FlushAsync(context.Aborted);
            if (flushed.IsCanceled || flushed.IsCompleted)
            {
                break;
            }
        }
    }
}

/// <summary>Which bytes of an object an answer sends: the range, whether it is partial (206), and the parts count to show.</summary>
internal readonly record struct ObjectRange(long Offset, long Length, bool Partial, int PartsCount);

internal sealed class GetObjectHandler(ObjectReader reader) : IS3Handler
{
    public S3Operation Operation => S3Operation.GetObject;

    public Task<S3Error?> HandleAsync(S3RequestContext context) => reader.ServeAsync(context, head: false);
}

internal sealed class HeadObjectHandler(ObjectReader reader) : IS3Handler
{
    public S3Operation Operation => S3Operation.HeadObject;

    public Task<S3Error?> HandleAsync(S3RequestContext context) => reader.ServeAsync(context, head: true);
}
