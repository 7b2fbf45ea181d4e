using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Server.DataPlane.Payload;
using LocalSail.Server.Tests.DataPlane.EndToEnd;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.Reliability.Mutation;

/// <summary>Where S3 cases point: the bucket they may write to, its key, and uploads made for them.</summary>
public sealed record S3Target(Uri Endpoint, string Bucket, Credentials Key, Credentials Root, IReadOnlyList<(string UploadId, string Key, string PartETag)> Uploads);

/// <summary>
/// Seeded S3 cases: a valid request of one of many forms (every payload form, XML bodies, copies,
/// multipart, listings, presigned URLs) with one to three changes to its headers, query, path, body,
/// signature or framing. Changes made before signing reach the server's parsers with a valid
/// signature; changes made after it must be caught by authentication or framing.
/// </summary>
public static class S3Cases
{
    private const string Xml = "application/xml";

    private static readonly string[] InterestingHeaders =
    [
        "Content-MD5", "Content-Type", "Content-Encoding", "Content-Disposition", "Cache-Control", "Expires", "Range",
        "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since", "x-amz-acl", "x-amz-tagging", "x-amz-meta-a",
        "x-amz-checksum-crc32", "x-amz-checksum-crc32c", "x-amz-checksum-crc64nvme", "x-amz-checksum-sha1", "x-amz-checksum-sha256",
        "x-amz-sdk-checksum-algorithm", "x-amz-checksum-algorithm", "x-amz-trailer", "x-amz-decoded-content-length", "x-amz-copy-source",
        "x-amz-copy-source-range", "x-amz-metadata-directive", "x-amz-tagging-directive", "x-amz-copy-source-if-match",
        "x-amz-storage-class", "x-amz-server-side-encryption", "x-amz-checksum-mode", "x-amz-expected-bucket-owner",
        "x-amz-object-lock-mode", "x-amz-website-redirect-location", "x-amz-grant-read", "x-amz-request-payer", "x-amz-security-token",
    ];

    private static readonly string[] QueryNames =
    [
        "list-type", "prefix", "delimiter", "marker", "max-keys", "encoding-type", "continuation-token", "start-after", "fetch-owner",
        "versionId", "partNumber", "uploadId", "uploads", "delete", "tagging", "acl", "versions", "versioning", "location",
        "response-content-type", "response-content-disposition", "response-expires", "key-marker", "version-id-marker",
        "upload-id-marker", "max-uploads", "max-parts", "part-number-marker", "x-id", "website", "cors", "policy", "lifecycle",
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "attributes",
    ];

    private static readonly string[] Methods = ["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH", "OPTIONS"];

    private enum Payload
    {
        Signed,
        Unsigned,
        SignedChunks,
        UnsignedTrailer,
        Presigned,
        Anonymous,
    }

    /// <summary><paramref name="count"/> cases drawn from <paramref name="seed"/>, numbered from <paramref name="firstIndex"/>.</summary>
    public static List<MutationCase> Generate(S3Target target, int seed, int count, int firstIndex = 0)
    {
        var random = new Random(seed);
        return Enumerable.Range(firstIndex, count).Select(index => One(target, random, index)).ToList();
    }

    private static MutationCase One(S3Target target, Random random, int index)
    {
        var spec = Template(target, random, index);
        var changes = new List<string>();
        var preSign = random.Next(1, 3);
        for (var i = 0; i < preSign; i++)
        {
            changes.Add(MutateBeforeSigning(spec, random));
        }

        var request = Sign(target, spec);
        var after = random.Next(3) == 0 ? AfterSigning.Mutate(request, "s3", random) : null;
        if (after is not null)
        {
            changes.Add(after.Change);
        }

        return MutationCase.Of(index, spec.Name, changes, request, after);
    }

    /// <summary>A valid request to change: its parts before signing.</summary>
    private sealed class Spec
    {
        public required string Name { get; init; }

        public required string Method { get; set; }

        public required string Path { get; set; }

        public List<KeyValuePair<string, string?>> Query { get; } = [];

        public List<KeyValuePair<string, string>> Headers { get; } = [];

        public byte[] Body { get; set; } = [];

        /// <summary>The decoded payload of a chunked body; <see cref="Body"/> is framed from it when signed.</summary>
        public List<byte[]>? Chunks { get; set; }

        public Payload Payload { get; set; } = Payload.Signed;

        public bool UseRoot { get; set; }

        public string Region { get; set; } = "us-east-1";

        public string Target =>
            Path + (Query.Count == 0 ? string.Empty : "?" + string.Join('&', Query.Select(q => q.Value is null ? q.Key : $"{q.Key}={q.Value}")));
    }

    private static Spec Template(S3Target target, Random random, int index)
    {
        var b = target.Bucket;
        var key = $"mut/{index}";
        var data = NastyValues.RandomBytes(random, random.Next(4) == 0 ? random.Next(65_000, 70_000) : random.Next(0, 3000), printable: false);
        var upload = target.Uploads[index % target.Uploads.Count];
        switch (random.Next(22))
        {
            case 0:
                return new Spec { Name = "PutObject", Method = "PUT", Path = $"/{b}/{key}", Body = data };
            case 1:
                return new Spec { Name = "PutObject unsigned", Method = "PUT", Path = $"/{b}/{key}", Body = data, Payload = Payload.Unsigned };
            case 2:
            case 3:
                return new Spec { Name = "PutObject signed chunks", Method = "PUT", Path = $"/{b}/{key}", Chunks = Split(random, data), Payload = Payload.SignedChunks };
            case 4:
            case 5:
                return new Spec { Name = "PutObject trailer", Method = "PUT", Path = $"/{b}/{key}", Chunks = Split(random, data), Payload = Payload.UnsignedTrailer };
            case 6:
                var withHeaders = new Spec { Name = "PutObject with headers", Method = "PUT", Path = $"/{b}/{key}", Body = data };
                withHeaders.Headers.AddRange(
                [
                    new("Content-Type", "text/plain"), new("Content-MD5", Convert.ToBase64String(MD5.HashData(data))),
                    new("x-amz-checksum-sha256", Convert.ToBase64String(SHA256.HashData(data))), new("x-amz-meta-origin", "battery"),
                    new("x-amz-tagging", "a=b&c=d"), new("x-amz-acl", "private"), new("Cache-Control", "no-cache"), new("If-None-Match", "*"),
                ]);
                return withHeaders;
            case 7:
                var copy = new Spec { Name = "CopyObject", Method = "PUT", Path = $"/{b}/{key}" };
                copy.Headers.AddRange([new("x-amz-copy-source", $"/{b}/seed"), new("x-amz-metadata-directive", "REPLACE"), new("x-amz-meta-copied", "yes")]);
                return copy;
            case 8:
                var create = new Spec { Name = "CreateMultipartUpload", Method = "POST", Path = $"/{b}/{key}" };
                create.Query.Add(new("uploads", null));
                create.Headers.Add(new("x-amz-checksum-algorithm", "CRC32"));
                return create;
            case 9:
                var part = new Spec { Name = "UploadPart", Method = "PUT", Path = $"/{b}/{upload.Key}", Body = data };
                part.Query.AddRange([new("partNumber", (2 + (index % 9000)).ToString(CultureInfo.InvariantCulture)), new("uploadId", upload.UploadId)]);
                return part;
            case 10:
                var complete = new Spec
                {
                    Name = "CompleteMultipartUpload",
                    Method = "POST",
                    Path = $"/{b}/{upload.Key}",
                    Body = Encoding.UTF8.GetBytes($"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{upload.PartETag}</ETag></Part></CompleteMultipartUpload>"),
                };
                complete.Query.Add(new("uploadId", upload.UploadId));
                complete.Headers.Add(new("Content-Type", Xml));
                return complete;
            case 11:
                var deleteXml = Encoding.UTF8.GetBytes($"<Delete><Quiet>true</Quiet><Object><Key>{key}-a</Key></Object><Object><Key>{key}-b</Key><VersionId>null</VersionId></Object></Delete>");
                var delete = new Spec { Name = "DeleteObjects", Method = "POST", Path = $"/{b}", Body = deleteXml };
                delete.Query.Add(new("delete", null));
                delete.Headers.AddRange([new("Content-Type", Xml), new("Content-MD5", Convert.ToBase64String(MD5.HashData(deleteXml)))]);
                return delete;
            case 12:
                var tagging = new Spec { Name = "PutObjectTagging", Method = "PUT", Path = $"/{b}/seed", Body = Encoding.UTF8.GetBytes("<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet></Tagging>") };
                tagging.Query.Add(new("tagging", null));
                return tagging;
            case 13:
                var acl = new Spec { Name = "PutObjectAcl", Method = "PUT", Path = $"/{b}/seed" };
                acl.Query.Add(new("acl", null));
                acl.Headers.Add(new("x-amz-acl", "public-read"));
                return acl;
            case 14:
                var get = new Spec { Name = "GetObject", Method = "GET", Path = $"/{b}/seed" };
                get.Headers.AddRange([new("Range", "bytes=2-40"), new("If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT")]);
                get.Query.Add(new("response-content-type", "text/plain"));
                return get;
            case 15:
                return new Spec { Name = "HeadObject", Method = "HEAD", Path = $"/{b}/seed" };
            case 16:
                var list = new Spec { Name = "ListObjectsV2", Method = "GET", Path = $"/{b}" };
                list.Query.AddRange([new("list-type", "2"), new("prefix", "mut/"), new("delimiter", "/"), new("max-keys", "5"), new("encoding-type", "url")]);
                return list;
            case 17:
                var versions = new Spec { Name = "ListObjectVersions", Method = "GET", Path = $"/{b}" };
                versions.Query.AddRange([new("versions", null), new("key-marker", "mut/1"), new("max-keys", "3")]);
                return versions;
            case 18:
                var parts = new Spec { Name = "ListParts", Method = "GET", Path = $"/{b}/{upload.Key}" };
                parts.Query.AddRange([new("uploadId", upload.UploadId), new("max-parts", "2"), new("part-number-marker", "1")]);
                return parts;
            case 19:
                var deleteOne = new Spec { Name = "DeleteObject", Method = "DELETE", Path = $"/{b}/{key}" };
                deleteOne.Query.Add(new("versionId", "null"));
                return deleteOne;
            case 20:
                return new Spec { Name = "GetObject presigned", Method = "GET", Path = $"/{b}/seed", Payload = Payload.Presigned };
            default:
                return new Spec { Name = "GetObject anonymous", Method = "GET", Path = $"/{b}/seed", Payload = Payload.Anonymous };
        }
    }

    private static List<byte[]> Split(Random random, byte[] data)
    {
        var chunks = new List<byte[]>();
        for (var at = 0; at < data.Length;)
        {
            var size = Math.Min(data.Length - at, random.Next(1, 20_000));
            chunks.Add(data[at..(at + size)]);
            at += size;
        }

        return chunks;
    }

    private static string MutateBeforeSigning(Spec spec, Random random)
    {
        switch (random.Next(12))
        {
            case 0:
            case 1:
                var name = InterestingHeaders[random.Next(InterestingHeaders.Length)];
                var value = name == "x-amz-meta-a" && random.Next(2) == 0 ? new string('m', random.Next(1900, 2300)) : NastyValues.HeaderText(random);
                spec.Headers.RemoveAll(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
                spec.Headers.Add(new(name, value));
                return $"header {name}: {NastyValues.Shorten(value)}";
            case 2:
                if (spec.Headers.Count == 0)
                {
                    goto case 0;
                }

                var replaced = random.Next(spec.Headers.Count);
                var nasty = NastyValues.HeaderText(random);
                spec.Headers[replaced] = new(spec.Headers[replaced].Key, nasty);
                return $"header {spec.Headers[replaced].Key} replaced by {NastyValues.Shorten(nasty)}";
            case 3:
                var queryName = QueryNames[random.Next(QueryNames.Length)];
                var queryValue = random.Next(4) == 0 ? null : Uri.EscapeDataString(NastyValues.Text(random));
                spec.Query.Add(new(queryName, queryValue));
                return $"query {queryName}={NastyValues.Shorten(queryValue ?? "(none)")}";
            case 4:
                if (spec.Query.Count == 0)
                {
                    goto case 3;
                }

                var at = random.Next(spec.Query.Count);
                var raw = random.Next(3) == 0 ? NastyValues.Text(random) : Uri.EscapeDataString(NastyValues.Text(random));
                spec.Query[at] = new(spec.Query[at].Key, raw.Replace(" ", "%20", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal));
                return $"query {spec.Query[at].Key} value {NastyValues.Shorten(raw)}";
            case 5:
                var path = PathMutation(random, spec.Path);
                spec.Path = path;
                // The HTTP layer refuses a path whose escapes decode to no valid text, before S3 sees it.
                return $"path {NastyValues.Shorten(path)}{(path.Contains("%00", StringComparison.Ordinal) ? " (HTTP)" : string.Empty)}";
            case 6:
                var method = Methods[random.Next(Methods.Length)];
                spec.Method = method;
                return $"method {method}";
            case 7:
                if (spec.Chunks is not null)
                {
                    spec.Headers.Add(new("x-amz-decoded-content-length", random.Next(0, 100_000).ToString(CultureInfo.InvariantCulture)));
                    return "a decoded length other than the chunks'";
                }

                var (body, description) = BodyMutation(random, spec.Body);
                spec.Body = body;
                return "body " + description;
            case 8:
                spec.Headers.Add(new("Expect", "100-continue"));
                return "Expect: 100-continue";
            case 9:
                spec.UseRoot = !spec.UseRoot;
                spec.Region = random.Next(2) == 0 ? "us-west-2" : "mars-1";
                return $"signed for region {spec.Region}";
            case 10:
                var extra = $"x-amz-meta-{random.Next(1000)}";
                var size = random.Next(3) switch { 0 => 2048, 1 => 2049, _ => random.Next(1, 3000) };
                spec.Headers.Add(new(extra, new string('v', size)));
                return $"metadata {extra} of {size} characters";
            default:
                var payload = (Payload)random.Next(4);
                spec.Payload = spec.Chunks is null && payload is Payload.SignedChunks or Payload.UnsignedTrailer ? Payload.Unsigned : payload;
                return $"payload signed as {spec.Payload}";
        }
    }

    private static string PathMutation(Random random, string path) => random.Next(8) switch
    {
        0 => path + "/" + new string('k', 1030),
        1 => path + NastyValues.Text(random).Replace(" ", "%20", StringComparison.Ordinal).Replace("?", "%3F", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal),
        2 => path + "%",
        3 => path + "%zz%",
        4 => path + "/../../etc/passwd",
        5 => "/" + path.TrimStart('/').Split('/')[0].ToUpperInvariant(),
        6 => path + "%00%ff%c0%af",
        _ => "//" + path.TrimStart('/'),
    };

    private static (byte[] Body, string Description) BodyMutation(Random random, byte[] body) => random.Next(6) switch
    {
        0 => (Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]><Delete><Object><Key>&d;</Key></Object></Delete>"), "an XML entity expansion"),
        1 => (Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Tagging><TagSet><Tag><Key>&e;</Key><Value>v</Value></Tag></TagSet></Tagging>"), "an XML external entity"),
        2 => (Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<a>", 5000)) + string.Concat(Enumerable.Repeat("</a>", 5000))), "XML nested 5000 deep"),
        3 => (Encoding.UTF8.GetBytes("<CompleteMultipartUpload>" + string.Concat(Enumerable.Range(0, random.Next(2) == 0 ? 10_001 : 3).Select(i => $"<Part><PartNumber>{(i == 1 ? -1 : i)}</PartNumber><ETag>\"x\"</ETag></Part>")) + "</CompleteMultipartUpload>"), "parts numbered wrongly"),
        4 => ([.. "<Tagging><TagSet><Tag><Key>"u8, .. NastyValues.InvalidUtf8[random.Next(NastyValues.InvalidUtf8.Length)], .. "</Key><Value>v</Value></Tag></TagSet></Tagging>"u8], "invalid UTF-8 in XML text"),
        _ => MutateBytes(random, body),
    };

    private static (byte[] Body, string Description) MutateBytes(Random random, byte[] body)
    {
        var mutated = NastyValues.MutateBytes(random, body, out var description);
        return (mutated, description);
    }

    private static RawRequest Sign(S3Target target, Spec spec)
    {
        var credentials = spec.UseRoot ? target.Root : target.Key;
        if (spec.Payload == Payload.Presigned)
        {
            return Presigned(target, spec, credentials);
        }

        var headers = spec.Headers.ToList();
        var body = spec.Chunks?.SelectMany(c => c).ToArray() ?? spec.Body;
        string payloadHash;
        switch (spec.Payload)
        {
            case Payload.Unsigned:
            case Payload.Anonymous:
                payloadHash = SigV4.UnsignedPayload;
                break;
            case Payload.SignedChunks:
                payloadHash = SigV4.StreamingPayload;
                headers.Add(new("Content-Encoding", "aws-chunked"));
                AddDecodedLength(headers, spec.Chunks!);
                body = new byte[AwsChunkedBody.SignedLength(spec.Chunks!.Select(c => c.Length))];
                break;
            case Payload.UnsignedTrailer:
                payloadHash = SigV4.StreamingUnsignedPayloadTrailer;
                headers.Add(new("Content-Encoding", "aws-chunked"));
                headers.Add(new("x-amz-trailer", "x-amz-checksum-crc32"));
                AddDecodedLength(headers, spec.Chunks!);
                body = AwsChunkedBody.UnsignedWithTrailer(spec.Chunks!, "x-amz-checksum-crc32", ChecksumAlgorithms.ComputeBase64("CRC32", body));
                break;
            default:
                payloadHash = SigV4.Sha256Hex(body);
                break;
        }

        var signed = RawRequest.S3(target.Endpoint, spec.Method, spec.Target, spec.Payload == Payload.Anonymous ? null : credentials, body, headers, payloadHash, spec.Region);
        return spec.Payload == Payload.SignedChunks ? signed.WithBody(ChunkSignedBody(signed, spec, credentials)) : signed;
    }

    private static void AddDecodedLength(List<KeyValuePair<string, string>> headers, List<byte[]> chunks)
    {
        if (!headers.Any(h => h.Key.Equals("x-amz-decoded-content-length", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("x-amz-decoded-content-length", chunks.Sum(c => c.Length).ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>The aws-chunked body whose chunk signatures chain from the request's own signature.</summary>
    private static byte[] ChunkSignedBody(RawRequest signed, Spec spec, Credentials credentials)
    {
        var authorization = signed.Header("Authorization")!;
        var seedSignature = authorization[(authorization.IndexOf("Signature=", StringComparison.Ordinal) + 10)..];
        var amzDate = signed.Header("X-Amz-Date")!;
        var scope = $"{amzDate[..8]}/{spec.Region}/s3/aws4_request";
        var signingKey = SigV4.DeriveSigningKey(credentials.SecretAccessKey, amzDate[..8], spec.Region, "s3");
        return AwsChunkedBody.Signed(spec.Chunks!, seedSignature, signingKey, amzDate, scope);
    }

    /// <summary>A presigned GET as the AWS SDK makes it; the query carries the signature.</summary>
    private static RawRequest Presigned(S3Target target, Spec spec, Credentials credentials)
    {
        using var s3 = new AmazonS3Client(
            new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey),
            new AmazonS3Config { ServiceURL = target.Endpoint.ToString().TrimEnd('/'), ForcePathStyle = true, AuthenticationRegion = spec.Region, UseHttp = true });
        var parts = spec.Path.TrimStart('/').Split('/', 2);
        var url = new Uri(s3.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = parts[0],
            Key = parts.Length > 1 ? parts[1] : "seed",
            Expires = DateTime.UtcNow.AddMinutes(30),
            Verb = HttpVerb.GET,
            Protocol = Protocol.HTTP,
        }));
        var extra = spec.Query.Count == 0 ? string.Empty : "&" + string.Join('&', spec.Query.Select(q => q.Value is null ? q.Key : $"{q.Key}={q.Value}"));
        return RawRequest.S3(target.Endpoint, spec.Method, url.PathAndQuery + extra, null, spec.Body, spec.Headers);
    }

}
