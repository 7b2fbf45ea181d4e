using System.Collections.Concurrent;
using System.Text.Json;
using System.Xml.Linq;

namespace LocalSail.Server.Tests.Reliability.Mutation;

/// <summary>
/// Sends mutated requests over a few raw connections at once and judges every answer: a well-formed error
/// of the wire the request went to (S3's &lt;Error&gt; XML, Lightsail's JSON with <c>__type</c>), or a
/// success; never a 5xx (but S3's 501 NotImplemented), never silence, never a hang. A connection that stays
/// open then carries a valid request, which must be answered as itself.
/// </summary>
public sealed class MutationRunner(BatteryServer server, Func<RawRequest> probe, byte[] probeAnswer)
{
    /// <summary>How long an answer may take before the request counts as hung (the HTTP layer's own body timeout is 5 s).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>How long a client that declared more body than it sent waits for an answer before it gives up.</summary>
    public static readonly TimeSpan StalledPatience = TimeSpan.FromSeconds(2);

    public async Task<MutationReport> RunAsync(IReadOnlyList<MutationCase> cases, int connections = 8)
    {
        var report = new MutationReport();
        var queue = new ConcurrentQueue<MutationCase>(cases);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(() => WorkAsync(queue, report))));
        return report;
    }

    private async Task WorkAsync(ConcurrentQueue<MutationCase> queue, MutationReport report)
    {
        RawHttpConnection? connection = null;
        try
        {
            while (queue.TryDequeue(out var mutation))
            {
                connection ??= await server.ConnectAsync();
                var keep = await RunOneAsync(connection, mutation, report);
                if (!keep)
                {
                    connection.Dispose();
                    connection = null;
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// <summary>Sends one case and judges it; whether the connection can carry on.</summary>
    private async Task<bool> RunOneAsync(RawHttpConnection connection, MutationCase mutation, MutationReport report)
    {
        Interlocked.Increment(ref report.Sent);
        var bytes = mutation.Bytes;
        var isHead = bytes.AsSpan().StartsWith("HEAD "u8);
        RawHttpResponse? answer;
        try
        {
            var headLength = bytes.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
            if (mutation.AnnouncesExpectContinue && headLength >= 4)
            {
                // As clients do: the head, then the body only if the server asks for it.
                await connection.SendAsync(bytes.AsMemory(0, headLength));
                answer = await connection.ReadResponseAsync(Patience, isHead, skipInterim: false);
                if (answer is { Status: 100 })
                {
                    await connection.SendAsync(bytes.AsMemory(headLength));
                    answer = await connection.ReadResponseAsync(Patience, isHead);
                }
            }
            else
            {
                await connection.SendAsync(bytes);
                answer = await connection.ReadResponseAsync(mutation.StallsBody ? StalledPatience : Patience, isHead);
            }
        }
        catch (TimeoutException) when (mutation.StallsBody)
        {
            // The client promised bytes it never sends: the server rightly waits for them; the client gives up.
            Interlocked.Increment(ref report.AbandonedStalls);
            return false;
        }
        catch (TimeoutException)
        {
            Interlocked.Increment(ref report.Hangs);
            report.Fail($"no answer within {Patience.TotalSeconds} s (hung)", mutation, null);
            return false;
        }
        catch (InvalidDataException ex)
        {
            Interlocked.Increment(ref report.ServerErrors);
            report.Fail($"a malformed or cut-off answer: {ex.Message}", mutation, null);
            return false;
        }

        if (answer is null)
        {
            if (mutation.StallsBody)
            {
                // The client promised bytes it never sent; the server gave up on it, as it should, after its timeout.
                Interlocked.Increment(ref report.DroppedStalls);
                return false;
            }

            Interlocked.Increment(ref report.Silent);
            report.Fail("the connection was closed without an answer", mutation, null);
            return false;
        }

        var problem = Judge(mutation, answer, report);
        if (problem is not null)
        {
            report.Fail(problem, mutation, answer);
        }

        if (!mutation.FramingIntact || answer.ClosesConnection || connection.ClosedByServer)
        {
            return false;
        }

        // The connection is still open: it must be in step, whatever the mutated request was.
        await connection.SendAsync(probe().ToBytes());
        RawHttpResponse? next;
        try
        {
            next = await connection.ReadResponseAsync(Patience);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidDataException)
        {
            next = null;
        }

        if (next is not { Status: 200 } || !next.Body.AsSpan().SequenceEqual(probeAnswer))
        {
            Interlocked.Increment(ref report.ConnectionsOutOfStep);
            report.Fail($"the next request on the same connection was not answered as itself: {next?.ToString() ?? "no answer"}", mutation, answer);
            return false;
        }

        return !next.ClosesConnection;
    }

    private static string? Judge(MutationCase mutation, RawHttpResponse answer, MutationReport report)
    {
        var bare = answer.Header("x-amz-request-id") is null && answer.Header("x-amzn-RequestId") is null;
        if (bare)
        {
            if (mutation.MayBreakHttp && answer.Status is 400 or 408 or 413 or 414 or 431 or 501 or 505 && answer.ClosesConnection)
            {
                Interlocked.Increment(ref report.HttpLayerRefusals);
                return null;
            }

            Interlocked.Increment(ref report.ServerErrors);
            return $"a bare {answer.Status} from the HTTP layer where an error of the API was due";
        }

        if (answer.Status < 400 && mutation.MustBeRefused)
        {
            Interlocked.Increment(ref report.AcceptedUnsigned);
            return $"a {answer.Status}: accepted although what its signature covers was changed after signing";
        }

        if (answer.Status < 400)
        {
            Interlocked.Increment(ref report.Accepted);
            report.Acknowledged.Enqueue((mutation, answer));
            return null;
        }

        var lightsailForm = LightsailErrorProblem(answer);
        var s3Form = S3ErrorProblem(answer, mutation.Request.IsHead);
        var problem = mutation.RawBytes is not null
            ? (lightsailForm is null || s3Form is null ? null : s3Form)
            : mutation.IsLightsail ? lightsailForm : s3Form;
        if (answer.Status >= 500 && !(answer.Status == 501 && s3Form is null && ErrorCode(answer) == "NotImplemented"))
        {
            Interlocked.Increment(ref report.ServerErrors);
            return $"a server error {answer.Status}{(problem is null ? string.Empty : ", and " + problem)}";
        }

        if (problem is not null)
        {
            Interlocked.Increment(ref report.MalformedErrors);
            return problem;
        }

        Interlocked.Increment(ref report.WireErrors);
        report.CountCode($"{answer.Status} {(lightsailForm is null ? LightsailType(answer) : ErrorCode(answer))}");
        return null;
    }

    /// <summary>Null when the answer is a Lightsail error: JSON with <c>__type</c> and a message, the same type in <c>x-amzn-ErrorType</c>.</summary>
    public static string? LightsailErrorProblem(RawHttpResponse answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer.Body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("__type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString()!.Length == 0
                || !root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
            {
                return "a JSON error without __type or message: " + answer.Text;
            }

            return answer.Header("x-amzn-ErrorType") == type.GetString() ? null : $"x-amzn-ErrorType {answer.Header("x-amzn-ErrorType")} is not the __type {type.GetString()}";
        }
        catch (JsonException)
        {
            return "not a JSON error: " + answer;
        }
    }

    /// <summary>Null when the answer is an S3 error: &lt;Error&gt; with Code, Message and the request id (or, for HEAD, x-amz-error-code).</summary>
    public static string? S3ErrorProblem(RawHttpResponse answer, bool head)
    {
        if (head)
        {
            return answer.Header("x-amz-error-code") is { Length: > 0 } || answer.Status == 304 ? null : "a HEAD error without x-amz-error-code";
        }

        try
        {
            var root = ParseXml(answer).Root;
            return root?.Name.LocalName == "Error"
                && root.Element("Code")?.Value is { Length: > 0 }
                && root.Element("Message") is not null
                && root.Element("RequestId")?.Value == answer.Header("x-amz-request-id")
                ? null
                : "an XML error without Code, Message or its RequestId: " + answer.Text;
        }
        catch (System.Xml.XmlException)
        {
            return "not an XML error: " + answer;
        }
    }

    /// <summary>The S3 error code: of the &lt;Error&gt; body, or of x-amz-error-code for an answer without one.</summary>
    public static string? ErrorCode(RawHttpResponse answer)
    {
        if (answer.Body.Length == 0)
        {
            return answer.Header("x-amz-error-code");
        }

        try
        {
            return ParseXml(answer).Root?.Element("Code")?.Value;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    /// <summary>
    /// S3's XML as S3 writes it: a control character in an echoed value is written as a character
    /// reference, which XML 1.0 does not allow but S3's clients read.
    /// </summary>
    private static XDocument ParseXml(RawHttpResponse answer)
    {
        using var reader = System.Xml.XmlReader.Create(new MemoryStream(answer.Body), new System.Xml.XmlReaderSettings { CheckCharacters = false, DtdProcessing = System.Xml.DtdProcessing.Prohibit });
        return XDocument.Load(reader);
    }

    private static string? LightsailType(RawHttpResponse answer) => answer.Header("x-amzn-ErrorType");
}

/// <summary>What a mutation run saw: counts by outcome, the failures, and the requests the server accepted.</summary>
public sealed class MutationReport
{
    public int Sent;
    public int Accepted;
    public int WireErrors;
    public int HttpLayerRefusals;
    public int DroppedStalls;
    public int AbandonedStalls;
    public int ServerErrors;
    public int MalformedErrors;
    public int Hangs;
    public int Silent;
    public int ConnectionsOutOfStep;
    public int AcceptedUnsigned;

    private readonly ConcurrentDictionary<string, int> _codes = new();

    public ConcurrentQueue<string> Failures { get; } = new();

    public ConcurrentQueue<(MutationCase Case, RawHttpResponse Answer)> Acknowledged { get; } = new();

    public void Fail(string problem, MutationCase mutation, RawHttpResponse? answer) =>
        Failures.Enqueue($"{problem}\n  {mutation}{(answer is null ? string.Empty : "\n  answer: " + answer)}");

    public void CountCode(string code) => _codes.AddOrUpdate(code, 1, (_, n) => n + 1);

    public override string ToString() =>
        $"{Sent} mutated requests: {WireErrors} well-formed errors, {Accepted} accepted, {HttpLayerRefusals} refused by the HTTP layer, " +
        $"{DroppedStalls + AbandonedStalls} stalled bodies dropped or abandoned; {ServerErrors} server errors, {MalformedErrors} malformed errors, {Hangs} hangs, {Silent} unanswered, " +
        $"{ConnectionsOutOfStep} connections out of step, {AcceptedUnsigned} accepted with a broken signature\n  errors: " +
        string.Join(", ", _codes.OrderByDescending(c => c.Value).Take(40).Select(c => $"{c.Key} x{c.Value}"));
}
