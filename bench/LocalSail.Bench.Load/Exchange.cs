using System.Text;

namespace LocalSail.Bench.Load;

/// <summary>Sends a request in the measured loop and drains its answer into the worker's buffer, without keeping it.</summary>
public static class Exchange
{
    public static async ValueTask<OperationOutcome> SendAsync(HttpClient http, HttpRequestMessage request, WorkerContext worker, long bytesSent, CancellationToken cancellation)
    {
        using (request)
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                long received = 0;
                int firstChunk = -1;
                int read;
                while ((read = await stream.ReadAsync(worker.Buffer, cancellation).ConfigureAwait(false)) > 0)
                {
                    firstChunk = firstChunk < 0 ? read : firstChunk;
                    received += read;
                }

                if (response.IsSuccessStatusCode)
                {
                    return new OperationOutcome(true, bytesSent + received);
                }

                var body = firstChunk > 0 ? Encoding.UTF8.GetString(worker.Buffer, 0, Math.Min(firstChunk, 300)) : string.Empty;
                return new OperationOutcome(false, 0, $"HTTP {(int)response.StatusCode}: {body}");
            }
        }
    }

    /// <summary>Like <see cref="SendAsync"/>, but keeps the answer's text, for the steps that must read it (a new key's id).</summary>
    public static async ValueTask<(OperationOutcome Outcome, string Body)> SendForBodyAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellation)
    {
        using (request)
        {
            using var response = await http.SendAsync(request, cancellation).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? (new OperationOutcome(true, body.Length), body)
                : (new OperationOutcome(false, 0, $"HTTP {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}"), body);
        }
    }
}
