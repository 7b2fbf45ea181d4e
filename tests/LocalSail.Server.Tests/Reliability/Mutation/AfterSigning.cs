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
    public static (string Change, RawRequest Request, bool MayBreakHttp, bool FramingIntact, bool StallsBody, byte[]? Raw) Mutate(RawRequest request, string service, Random random)
    {
        switch (random.Next(10))
        {
            case 0:
                var authorization = request.Header("Authorization") ?? "AWS4-HMAC-SHA256 Credential=x";
                var (mutatedAuthorization, authorizationChange) = AuthorizationMutation(random, authorization, service);
                return ($"Authorization {authorizationChange}", request.WithHeader("Authorization", mutatedAuthorization), false, true, false, null);
            case 1:
                var date = NastyValues.HeaderText(random);
                return ($"X-Amz-Date {NastyValues.Shorten(date)}", request.WithHeader("X-Amz-Date", date), false, true, false, null);
            case 2:
                var sha = service != "s3" ? SigV4.Sha256Hex(NastyValues.RandomBytes(random, 8, printable: true)) : random.Next(3) switch { 0 => SigV4.StreamingPayloadTrailer, 1 => "deadbeef", _ => new string('0', 64) };
                var shaHeader = service == "s3" ? "x-amz-content-sha256" : "X-Amz-Security-Token";
                return ($"{shaHeader} {sha} after signing", request.WithHeader(shaHeader, sha), false, true, false, null);
            case 3:
                var body = NastyValues.MutateBytes(random, request.Body, out var description);
                return ($"body {description} after signing", request.WithBody(body), false, true, false, null);
            case 4:
                var shorter = Math.Max(0, request.Body.Length - random.Next(1, 64));
                return ($"Content-Length {shorter} of {request.Body.Length} sent (HTTP)", request.WithHeader("Content-Length", shorter.ToString(CultureInfo.InvariantCulture)), true, false, false, null);
            case 5:
                var longer = request.Body.Length + random.Next(1, 64);
                return ($"Content-Length {longer} of {request.Body.Length} sent (HTTP)", request.WithHeader("Content-Length", longer.ToString(CultureInfo.InvariantCulture)), true, false, true, null);
            case 6:
                var chunked = request.WithoutHeader("Content-Length").WithHeader("Transfer-Encoding", "chunked");
                var (framed, framing) = HttpChunked(random, request.Body);
                // Only a well-framed body leaves the connection usable; after a malformed one the server may close it.
                return ($"sent with Transfer-Encoding: chunked, {framing}", chunked with { Body = framed }, false, framing == "well framed", framing.Contains("cut", StringComparison.Ordinal), null);
            case 7:
                var framingHeader = random.Next(4) switch
                {
                    0 => new KeyValuePair<string, string>("Content-Length", "abc"),
                    1 => new KeyValuePair<string, string>("Transfer-Encoding", "gzip"),
                    2 => new KeyValuePair<string, string>("Content-Length", "-1"),
                    _ => new KeyValuePair<string, string>("Transfer-Encoding", "chunked, identity"),
                };
                return ($"{framingHeader.Key}: {framingHeader.Value} (HTTP)", request with { Headers = [.. request.Headers, framingHeader] }, true, false, false, null);
            case 8:
                var bytes = request.ToBytes();
                var headEnd = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
                var head = NastyValues.MutateBytes(random, bytes[..headEnd], out var headChange);
                return ($"request head {headChange} (HTTP)", request, true, false, false, [.. head, .. bytes[headEnd..]]);
            default:
                var injected = random.Next(2) == 0 ? "x\r\nX-Injected: 1" : "x\r\n\r\nGET / HTTP/1.1";
                return ("a header value with a line break (HTTP)", request.WithHeader("x-amz-meta-injected", injected), true, false, false, null);
        }
    }

    private static (string Value, string Change) AuthorizationMutation(Random random, string authorization, string service)
    {
        switch (random.Next(6))
        {
            case 0:
                var bytes = NastyValues.MutateBytes(random, Encoding.Latin1.GetBytes(authorization), out var description);
                return (Encoding.Latin1.GetString(bytes).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal), description);
            case 1:
                return (authorization[..random.Next(authorization.Length)], "cut short");
            case 2:
                return (authorization.Replace("us-east-1", random.Next(2) == 0 ? "mars-1" : string.Empty, StringComparison.Ordinal), "with another region in its scope");
            case 3:
                return (authorization.Replace($"/{service}/", "/ec2/", StringComparison.Ordinal).Replace("aws4_request", "aws5_request", StringComparison.Ordinal), "with another service or terminator");
            case 4:
                return (authorization.Replace("SignedHeaders=", "SignedHeaders=zzz;", StringComparison.Ordinal), "naming a header that was not sent");
            default:
                return (authorization + ", Signature=" + new string('a', 64), "with a second signature");
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
