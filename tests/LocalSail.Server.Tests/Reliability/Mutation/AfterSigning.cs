using System.Globalization;
using System.Text;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.Reliability.Mutation;

/// <summary>
/// Changes to a request after it was signed, shared by both APIs: its signature, date or body altered (to
/// be caught by authentication), or its HTTP framing broken (Content-Length lies, chunked bodies, a
/// damaged request head, line breaks in a header).
/// </summary>
public static class AfterSigning
{
    /// <summary>One change to <paramref name="request"/>, signed for <paramref name="service"/>.</summary>
    public static SignedChange Mutate(RawRequest request, string service, Random random)
    {
        // A change to what the signature covers must be refused, whatever else the request says.
        var signed = request.Header("Authorization") is not null;

        // A body the operation reads, under a signed hash of it: an object or a part uploaded, or an XML document.
        // (A GET, DELETE, copy, CreateMultipartUpload or ACL set by header does not read its body, so cannot check it.)
        var payloadSigned = signed && (service != "s3" || (request.Header("x-amz-content-sha256") is { Length: 64 } && request.Body.Length > 0 && ReadsBody(request)));
        switch (random.Next(10))
        {
            case 0:
                var authorization = request.Header("Authorization") ?? "AWS4-HMAC-SHA256 Credential=x";
                var (mutatedAuthorization, authorizationChange, breaksSignature) = AuthorizationMutation(random, authorization, service);
                return new($"Authorization {authorizationChange}", request.WithHeader("Authorization", mutatedAuthorization))
                {
                    MustBeRefused = signed && breaksSignature && mutatedAuthorization != authorization,

                    // Bytes that are not visible ASCII in a header may be refused by the HTTP layer itself.
                    MayBreakHttp = mutatedAuthorization.Any(c => c is < ' ' or > '~'),
                };
            case 1:
                var date = NastyValues.HeaderText(random);
                return new($"X-Amz-Date {NastyValues.Shorten(date)}", request.WithHeader("X-Amz-Date", date)) { MustBeRefused = signed };
            case 2:
                if (service != "s3")
                {
                    var token = SigV4.Sha256Hex(NastyValues.RandomBytes(random, 8, printable: true));
                    return new($"X-Amz-Security-Token {token} after signing", request.WithHeader("X-Amz-Security-Token", token));
                }

                var sha = random.Next(3) switch { 0 => SigV4.StreamingPayloadTrailer, 1 => "deadbeef", _ => new string('0', 64) };
                return new($"x-amz-content-sha256 {sha} after signing", request.WithHeader("x-amz-content-sha256", sha))
                {
                    MustBeRefused = signed && sha != request.Header("x-amz-content-sha256"),
                };
            case 3:
                var body = NastyValues.MutateBytes(random, request.Body, out var description);
                return new($"body {description} after signing", request.WithBody(body)) { MustBeRefused = payloadSigned && !body.AsSpan().SequenceEqual(request.Body) };
            case 4:
                var shorter = Math.Max(0, request.Body.Length - random.Next(1, 64));
                return new($"Content-Length {shorter} of {request.Body.Length} sent (HTTP)", request.WithHeader("Content-Length", shorter.ToString(CultureInfo.InvariantCulture)))
                {
                    MayBreakHttp = true,
                    FramingIntact = false,
                };
            case 5:
                var longer = request.Body.Length + random.Next(1, 64);
                return new($"Content-Length {longer} of {request.Body.Length} sent (HTTP)", request.WithHeader("Content-Length", longer.ToString(CultureInfo.InvariantCulture)))
                {
                    MayBreakHttp = true,
                    FramingIntact = false,
                    StallsBody = true,
                };
            case 6:
                var chunked = request.WithoutHeader("Content-Length").WithHeader("Transfer-Encoding", "chunked");
                var (framed, framing) = HttpChunked(random, request.Body);
                // Only a well-framed body leaves the connection usable; after a malformed one the server may close it.
                return new($"sent with Transfer-Encoding: chunked, {framing}", chunked with { Body = framed })
                {
                    FramingIntact = framing == "well framed",
                    StallsBody = framing.Contains("cut", StringComparison.Ordinal) || framing.Contains("larger", StringComparison.Ordinal),
                };
            case 7:
                var framingHeader = random.Next(4) switch
                {
                    0 => new KeyValuePair<string, string>("Content-Length", "abc"),
                    1 => new KeyValuePair<string, string>("Transfer-Encoding", "gzip"),
                    2 => new KeyValuePair<string, string>("Content-Length", "-1"),
                    _ => new KeyValuePair<string, string>("Transfer-Encoding", "chunked, identity"),
                };
                return new($"{framingHeader.Key}: {framingHeader.Value} (HTTP)", request with { Headers = [.. request.Headers, framingHeader] })
                {
                    MayBreakHttp = true,
                    FramingIntact = false,
                };
            case 8:
                var bytes = request.ToBytes();
                var headEnd = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
                var head = NastyValues.MutateBytes(random, bytes[..headEnd], out var headChange);
                return new($"request head {headChange} (HTTP)", request) { MayBreakHttp = true, FramingIntact = false, RawBytes = [.. head, .. bytes[headEnd..]] };
            default:
                var injected = random.Next(2) == 0 ? "x\r\nX-Injected: 1" : "x\r\n\r\nGET / HTTP/1.1";
                return new("a header value with a line break (HTTP)", request.WithHeader("x-amz-meta-injected", injected)) { MayBreakHttp = true, FramingIntact = false };
        }
    }

    private static bool ReadsBody(RawRequest request)
    {
        var query = request.Target.Contains('?') ? request.Target[request.Target.IndexOf('?')..] : string.Empty;
        return request.Method switch
        {
            "PUT" => request.Header("x-amz-copy-source") is null && !query.Contains("acl", StringComparison.Ordinal),
            "POST" => query.Contains("uploadId=", StringComparison.Ordinal) || query.Contains("delete", StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>A changed Authorization header; whether the change must break the signature (a byte-level change may not).</summary>
    private static (string Value, string Change, bool BreaksSignature) AuthorizationMutation(Random random, string authorization, string service)
    {
        switch (random.Next(6))
        {
            case 0:
                var bytes = NastyValues.MutateBytes(random, Encoding.Latin1.GetBytes(authorization), out var description);
                return (Encoding.Latin1.GetString(bytes).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal), description, false);
            case 1:
                return (authorization[..random.Next(authorization.Length)], "cut short", true);
            case 2:
                return (authorization.Replace("us-east-1", random.Next(2) == 0 ? "mars-1" : string.Empty, StringComparison.Ordinal), "with another region in its scope", true);
            case 3:
                return (authorization.Replace($"/{service}/", "/ec2/", StringComparison.Ordinal).Replace("aws4_request", "aws5_request", StringComparison.Ordinal), "with another service or terminator", true);
            case 4:
                return (authorization.Replace("SignedHeaders=", "SignedHeaders=zzz;", StringComparison.Ordinal), "naming a header that was not sent", true);
            default:
                return (authorization + ", Signature=" + new string('a', 64), "with a second signature", false);
        }
    }

    private static (byte[] Body, string Description) HttpChunked(Random random, byte[] body)
    {
        var framed = new MemoryStream();
        var half = body.Length / 2;
        void Chunk(ReadOnlySpan<byte> data)
        {
            if (data.IsEmpty)
            {
                // A chunk of size zero is the last one.
                return;
            }

            framed.Write(Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"));
            framed.Write(data);
            framed.Write("\r\n"u8);
        }

        switch (random.Next(5))
        {
            case 0:
                Chunk(body.AsSpan(0, half));
                Chunk(body.AsSpan(half));
                framed.Write("0\r\n\r\n"u8);
                return (framed.ToArray(), "well framed");
            case 1:
                framed.Write(Encoding.ASCII.GetBytes("zz\r\n"));
                framed.Write(body);
                framed.Write("\r\n0\r\n\r\n"u8);
                return (framed.ToArray(), "a chunk size that is not hexadecimal");
            case 2:
                framed.Write(Encoding.ASCII.GetBytes($"{body.Length + 10:x}\r\n"));
                framed.Write(body);
                framed.Write("\r\n0\r\n\r\n"u8);
                return (framed.ToArray(), "a chunk size larger than the chunk");
            case 3:
                framed.Write(Encoding.ASCII.GetBytes("fffffffffffffffff\r\n"));
                framed.Write(body);
                framed.Write("\r\n0\r\n\r\n"u8);
                return (framed.ToArray(), "a chunk size that overflows");
            default:
                Chunk(body.AsSpan(0, half));
                return (framed.ToArray(), "cut before the last chunk");
        }
    }

}

/// <summary>A change made after signing: the request as changed, and what the change means for its answer.</summary>
public sealed record SignedChange(string Change, RawRequest Request)
{
    /// <summary>The change breaks HTTP's own syntax: the HTTP layer may refuse it before either API sees it.</summary>
    public bool MayBreakHttp { get; init; }

    /// <summary>The bytes sent are still exactly one message, so the connection can carry the next.</summary>
    public bool FramingIntact { get; init; } = true;

    /// <summary>The request declares more body than it sends.</summary>
    public bool StallsBody { get; init; }

    /// <summary>Bytes to send instead of the request's, when the change went below what a request can describe.</summary>
    public byte[]? RawBytes { get; init; }

    /// <summary>The change alters what the signature covers: any success is a request accepted without a valid signature.</summary>
    public bool MustBeRefused { get; init; }
}
