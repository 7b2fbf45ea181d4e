using System.Globalization;
using System.Text;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>Builds aws-chunked bodies as the SDKs send them: signed chunks, or unsigned chunks with a checksum trailer.</summary>
public static class AwsChunkedBody
{
    /// <summary>The length of a signed chunked body for chunks of the given sizes.</summary>
    public static long SignedLength(IEnumerable<int> chunkSizes) =>
        chunkSizes.Append(0).Sum(size => size.ToString("x", CultureInfo.InvariantCulture).Length + ";chunk-signature=".Length + 64 + 2 + size + 2);

    public static byte[] Signed(IReadOnlyList<byte[]> chunks, string seedSignature, byte[] signingKey, string amzDate, string scope, int corruptChunk = -1)
    {
        using var body = new MemoryStream();
        var previous = seedSignature;
        foreach (var chunk in chunks.Append([]))
        {
            var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256-PAYLOAD", amzDate, scope, previous, SigV4.EmptyPayloadHash, SigV4.Sha256Hex(chunk));
            var signature = SigV4.ComputeSignature(signingKey, stringToSign);
            previous = signature;
            if (body.Length >= 0 && corruptChunk >= 0 && chunks.Count > corruptChunk && ReferenceEquals(chunk, chunks[corruptChunk]))
            {
                signature = new string('0', 64);
            }

            Write(body, $"{chunk.Length:x};chunk-signature={signature}\r\n");
            body.Write(chunk);
            Write(body, "\r\n");
        }

        return body.ToArray();
    }

    public static byte[] UnsignedWithTrailer(IReadOnlyList<byte[]> chunks, string trailerName, string trailerValue)
    {
        using var body = new MemoryStream();
        foreach (var chunk in chunks)
        {
            Write(body, $"{chunk.Length:x}\r\n");
            body.Write(chunk);
            Write(body, "\r\n");
        }

        Write(body, $"0\r\n{trailerName}:{trailerValue}\r\n\r\n");
        return body.ToArray();
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.ASCII.GetBytes(text));
}
