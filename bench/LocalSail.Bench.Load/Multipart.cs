using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using LocalSail.Signing;

namespace LocalSail.Bench.Load;

/// <summary>
/// One multipart upload of a large object, parts sent in parallel as the SDKs' transfer managers do;
/// measured once, with the server's peak memory across it.
/// </summary>
public static partial class Multipart
{
    public sealed record Outcome(double Seconds, double MibPerSecond, int Parts, string? Error);

    public static async Task<Outcome> UploadAsync(SignedClient client, string bucket, string key, long totalBytes, int partBytes, int concurrency, CancellationToken cancellation)
    {
        var part = Payload.Create(partBytes);
        var partHash = SigV4.Sha256Hex(part);
        var parts = (int)((totalBytes + partBytes - 1) / partBytes);
        var objectUri = $"/{bucket}/{key}";
        var clock = Stopwatch.StartNew();

        var (status, body, _) = await client.SendForTextAsync(client.S3(HttpMethod.Post, client.Resolve(objectUri + "?uploads")), cancellation).ConfigureAwait(false);
        var uploadId = UploadIdPattern().Match(body) is { Success: true } match ? match.Groups[1].Value : null;
        if (status != HttpStatusCode.OK || uploadId is null)
        {
            return new Outcome(0, 0, 0, $"CreateMultipartUpload answered {(int)status}: {body[..Math.Min(300, body.Length)]}");
        }

        var encodedId = Uri.EscapeDataString(uploadId);
        var etags = new string?[parts];
        string? failure = null;
        await Parallel.ForEachAsync(Enumerable.Range(1, parts), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellation }, async (number, token) =>
        {
            var length = (int)Math.Min(partBytes, totalBytes - ((long)(number - 1) * partBytes));
            var hash = length == partBytes ? partHash : SigV4.Sha256Hex(part.AsSpan(0, length));
            var uri = client.Resolve(string.Create(CultureInfo.InvariantCulture, $"{objectUri}?partNumber={number}&uploadId={encodedId}"));
            using var response = await client.Http.SendAsync(client.S3(HttpMethod.Put, uri, part.AsMemory(0, length), hash), token).ConfigureAwait(false);
            await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode && response.Headers.ETag is { } etag)
            {
                etags[number - 1] = etag.Tag;
            }
            else
            {
                failure ??= string.Create(CultureInfo.InvariantCulture, $"UploadPart {number} answered {(int)response.StatusCode}");
            }
        }).ConfigureAwait(false);
        if (failure is not null)
        {
            return new Outcome(0, 0, parts, failure);
        }

        var complete = new StringBuilder("<CompleteMultipartUpload>");
        for (var i = 0; i < parts; i++)
        {
            complete.Append(CultureInfo.InvariantCulture, $"<Part><PartNumber>{i + 1}</PartNumber><ETag>{etags[i]}</ETag></Part>");
        }

        var completeBody = Encoding.UTF8.GetBytes(complete.Append("</CompleteMultipartUpload>").ToString());
        var (doneStatus, doneBody, _) = await client.SendForTextAsync(
            client.S3(HttpMethod.Post, client.Resolve($"{objectUri}?uploadId={encodedId}"), completeBody, SigV4.Sha256Hex(completeBody)), cancellation).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        // S3 may answer 200 with an <Error> body when completion fails late.
        if (doneStatus != HttpStatusCode.OK || doneBody.Contains("<Error>", StringComparison.Ordinal))
        {
            return new Outcome(seconds, 0, parts, $"CompleteMultipartUpload answered {(int)doneStatus}: {doneBody[..Math.Min(300, doneBody.Length)]}");
        }

        return new Outcome(seconds, totalBytes / 1048576.0 / seconds, parts, null);
    }

    [GeneratedRegex("<UploadId>([^<]+)</UploadId>")]
    private static partial Regex UploadIdPattern();
}
