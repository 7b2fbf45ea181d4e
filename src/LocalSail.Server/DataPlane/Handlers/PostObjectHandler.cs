using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using LocalSail.Server.DataPlane.Payload;
using LocalSail.Server.DataPlane.Pipeline;
using LocalSail.Server.DataPlane.PostForms;
using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Objects;
using LocalSail.Signing;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>
/// POST Object, a browser's form upload. The form was read as far as its file and its signature verified by the
/// authenticate stage; here its policy is checked (<see cref="PostPolicy"/>), then the file streams into a new blob
/// (or into memory, while small enough to be kept inline) with the checks a PutObject's body has, and the object
/// service commits the version as it commits a PUT. A file outside the policy's <c>content-length-range</c> is
/// refused before its blob is committed, so no refusal leaves anything stored. Answers 204, or as
/// <c>success_action_status</c> / <c>success_action_redirect</c> ask.
/// </summary>
internal sealed class PostObjectHandler(ObjectService objects, BlobTransfer transfer, ServerSideEncryption encryption) : IS3Handler
{
    public S3Operation Operation => S3Operation.PostObject;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var form = context.PostForm ?? throw new InvalidOperationException("The form of a POST Object is read by the authenticate stage.");
        var bucket = context.Bucket;

        // Only a signed form gets this far (an anonymous one may not write), and a signed form has a policy.
        var (policy, policyError) = PostPolicy.Parse(form.Field("policy")!);
        if (policyError is not null)
        {
            return policyError;
        }

        if (policy!.Check(form, bucket.Name, context.Now) is { } refused)
        {
            return refused;
        }

        var (key, acl, tags, spec, fieldError) = ReadFields(form);
        if (fieldError is not null)
        {
            return fieldError;
        }

        var maxLength = Math.Min(BlobTransfer.MaxPutBytes, policy.MaxLength ?? long.MaxValue);
        var file = new CountingStream(form.File);
        // Encrypted at rest (SSE-S3) as every object is by default; a form upload names no customer key.
        var (sealedWith, dataKey) = encryption.NewKey(customer: null, requested: false);
        var (blob, inlineData, result) = await transfer.ReceiveAsync(
            bucket.Id, file, spec!, maxLength, dataKey, received => policy.CheckLength(received.Length), context.Aborted);
        if (result.Error is not null)
        {
            return result.Error.Code == S3Error.EntityTooLarge.Code && result.Error.Details.Count == 0
                ? PostPolicy.TooLarge(await ProposedSizeAsync(file, context.Aborted), maxLength)
                : result.Error;
        }

        var version = new ObjectRecord
        {
            BucketId = bucket.Id,
            Key = key!,
            Size = result.Length,
            ETag = result.Md5Hex,
            LastModified = context.Now,
            Blob = blob,
            InlineData = inlineData,
            Headers = ObjectHeaders.FromFields(form.Fields),
            Acl = acl!,
            Tags = tags!,
            ChecksumAlgorithm = result.ChecksumValue is null ? null : spec!.ChecksumAlgorithm,
            ChecksumValue = result.ChecksumValue,
            ChecksumType = result.ChecksumValue is null ? null : "FULL_OBJECT",
            Encryption = sealedWith,
        };

        var written = await objects.PutAsync(bucket.Versioning, version, default, context.Aborted);
        if (!written.Written)
        {
            return S3Error.InternalError;
        }

        ServerSideEncryption.WriteHeaders(context.Response, sealedWith, customer: null);
        return await AnswerAsync(context, form, written.Version!);
    }

    /// <summary>The key, ACL, tags and payload checks the form asks for, or the error for the first field S3 would refuse.</summary>
    private static (string? Key, string? Acl, IReadOnlyList<KeyValuePair<string, string>>? Tags, PayloadSpec? Spec, S3Error? Error) ReadFields(PostForm form)
    {
        var key = form.Field("key")!;
        if (key.Length == 0)
        {
            return Refused(S3Error.InvalidArgument.WithMessage("User key must have a length greater than 0.").With("ArgumentName", "key").With("ArgumentValue", key));
        }

        if (Encoding.UTF8.GetByteCount(key) > S3Validation.MaxKeyBytes)
        {
            return Refused(S3Error.KeyTooLongError);
        }

        if (ObjectHeaders.UserMetadataSize(form.Fields) > ObjectHeaders.MaxUserMetadataBytes)
        {
            return Refused(S3Error.MetadataTooLarge.With("MaxSizeAllowed", ObjectHeaders.MaxUserMetadataBytes.ToString(CultureInfo.InvariantCulture)));
        }

        var acl = ObjectHeaders.CannedAcl(form.Field("acl") ?? string.Empty);
        if (acl is null)
        {
            return Refused(S3Error.InvalidArgument.WithMessage("acl is not a canned ACL.").With("ArgumentName", "acl").With("ArgumentValue", form.Field("acl")!));
        }

        var (tags, tagError) = Tagging(form.Field("tagging"));
        if (tagError is not null)
        {
            return Refused(tagError);
        }

        var (spec, specError) = PostFormPayload.SpecFor(form);
        return specError is not null ? Refused(specError) : (key, acl, tags, spec, null);

        static (string?, string?, IReadOnlyList<KeyValuePair<string, string>>?, PayloadSpec?, S3Error?) Refused(S3Error error) => (null, null, null, null, error);
    }

    /// <summary>The <c>tagging</c> field: a <c>&lt;Tagging&gt;</c> document, as PutObjectTagging's body.</summary>
    private static (IReadOnlyList<KeyValuePair<string, string>>? Tags, S3Error? Error) Tagging(string? tagging)
    {
        if (string.IsNullOrEmpty(tagging))
        {
            return ([], null);
        }

        XElement? root;
        try
        {
            using var reader = XmlReader.Create(new StringReader(tagging), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            root = XDocument.Load(reader).Root;
        }
        catch (XmlException)
        {
            return (null, S3Error.MalformedXML);
        }

        var tags = root?.Children("TagSet").FirstOrDefault()?.Children("Tag")
            .Select(t => new KeyValuePair<string, string>(t.ChildValue("Key") ?? string.Empty, t.ChildValue("Value") ?? string.Empty))
            .ToList() ?? [];
        return ObjectHeaders.TagsValid(tags) ? (tags, null) : (null, S3Error.InvalidTag);
    }

    private static async Task<S3Error?> AnswerAsync(S3RequestContext context, PostForm form, ObjectRecord version)
    {
        var response = context.Response;
        var bucket = context.Bucket;
        var etag = S3Format.QuotedETag(version.ETag);
        var location = ObjectUrl(context, version.Key);
        response.Headers.ETag = etag;
        response.Headers.Location = location;
        ObjectHeaders.WriteVersionId(response, version, bucket);
        if (version.ChecksumAlgorithm is not null)
        {
            response.Headers[ChecksumAlgorithms.HeaderName(version.ChecksumAlgorithm)] = version.ChecksumValue;
            response.Headers["x-amz-checksum-type"] = "FULL_OBJECT";
        }

        // A URL S3 cannot use as one (a relative one, say) is as if there were none.
        var redirect = form.Field("success_action_redirect") ?? form.Field("redirect");
        if (redirect is not null && Uri.TryCreate(redirect, UriKind.Absolute, out var target) && (target.Scheme == Uri.UriSchemeHttp || target.Scheme == Uri.UriSchemeHttps))
        {
            response.Headers.Location = string.Concat(
                redirect,
                redirect.Contains('?', StringComparison.Ordinal) ? "&" : "?",
                "bucket=", WebUtility.UrlEncode(bucket.Name),
                "&key=", WebUtility.UrlEncode(version.Key),
                "&etag=", WebUtility.UrlEncode(etag));
            return await S3Responses.EmptyAsync(context, StatusCodes.Status303SeeOther);
        }

        switch (form.Field("success_action_status"))
        {
            case "200":
                return await S3Responses.EmptyAsync(context);
            case "201":
                using (var xml = new S3XmlBuilder(512))
                {
                    xml.Open("PostResponse")
                        .Element("Location", location)
                        .Element("Bucket", bucket.Name)
                        .Element("Key", version.Key)
                        .Element("ETag", etag)
                        .Close("PostResponse");
                    response.StatusCode = StatusCodes.Status201Created;
                    response.ContentType = "application/xml";
                    response.ContentLength = xml.Utf8.Length;
                    await response.Body.WriteAsync(xml.Utf8, context.Aborted);
                }

                return null;
            default:
                // 204 unless asked otherwise, and for a status S3 does not offer.
                return await S3Responses.EmptyAsync(context, StatusCodes.Status204NoContent);
        }
    }

    /// <summary>The object's URL as the request reached the bucket (path or virtual-hosted style), its key encoded.</summary>
    private static string ObjectUrl(S3RequestContext context, string key)
    {
        var request = context.Request;
        var path = context.Route.VirtualHosted ? "/" : "/" + context.Bucket.Name + "/";
        return string.Concat(request.Scheme, "://", request.Host.Value, path, UriEncoding.Encode(key, encodeSlash: true));
    }

    /// <summary>
    /// The whole size of a file refused as too large: the rest of it is read (not kept) to count it, up to S3's
    /// largest object; null when it is larger, or its part never ends.
    /// </summary>
    private static async Task<long?> ProposedSizeAsync(CountingStream file, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (file.Count <= BlobTransfer.MaxPutBytes)
            {
                if (await file.ReadAsync(buffer, cancellationToken) == 0)
                {
                    return file.Count;
                }
            }
        }
        catch (IOException ex) when (ex is not Microsoft.AspNetCore.Http.BadHttpRequestException && !Hosting.ClientDisconnect.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            // The body ended before the boundary that closes the file: the refusal stands, without the size.
        }

        return null;
    }

    /// <summary>Reads through to a stream, counting the bytes read.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => Count;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Counted(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Counted(int read)
        {
            Count += read;
            return read;
        }
    }
}
