namespace LocalSail.Server.Tests.Reliability.Mutation;

/// <summary>
/// One mutated request: the valid request it started from, what was changed, and the bytes to send.
/// <see cref="MayBreakHttp"/> marks a change to HTTP's own syntax (request line, header syntax, message
/// length) that the HTTP layer may refuse before either API sees the request; <see cref="FramingIntact"/>
/// says the bytes sent are exactly one message, so that the connection can carry the next request.
/// </summary>
public sealed record MutationCase(int Index, string Template, IReadOnlyList<string> Changes, RawRequest Request, bool MayBreakHttp, bool FramingIntact)
{
    /// <summary>Bytes to send instead of <see cref="Request"/>'s, when a change went below what a request can describe.</summary>
    public byte[]? RawBytes { get; init; }

    public byte[] Bytes => RawBytes ?? Request.ToBytes();

    /// <summary>The request declares more body than it sends: the server may wait for it, then give up without an answer.</summary>
    public bool StallsBody { get; init; }

    /// <summary>What the signature covers was changed after signing: the request must not succeed.</summary>
    public bool MustBeRefused { get; init; }

    /// <summary>
    /// A case from its changes made before signing (their descriptions; "(HTTP)" marks one that breaks
    /// HTTP's syntax) and the change made after it, if any.
    /// </summary>
    public static MutationCase Of(int index, string template, IReadOnlyList<string> changes, RawRequest signed, SignedChange? after) =>
        new(
            index,
            template,
            changes,
            after?.Request ?? signed,
            changes.Any(c => c.Contains("(HTTP)", StringComparison.Ordinal)) || after?.MayBreakHttp == true || BeyondHttpLimits(after?.Request ?? signed),
            after?.FramingIntact ?? true)
        {
            RawBytes = after?.RawBytes,
            StallsBody = after?.StallsBody ?? false,
            MustBeRefused = after?.MustBeRefused ?? false,
        };

    /// <summary>The wire the router should pick: the Lightsail API for <c>POST /</c> with a target, else S3.</summary>
    public bool IsLightsail =>
        Request.Method == "POST" && Request.Target.Split('?')[0] is "/" or "" && Request.Header("X-Amz-Target") is not null;

    public bool AnnouncesExpectContinue => Request.Header("Expect") is { } expect && expect.Contains("100-continue", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// What the HTTP layer refuses on its own: a request target that is not visible ASCII, a request line
    /// over 8 KB or headers over 32 KB (Kestrel's limits).
    /// </summary>
    private static bool BeyondHttpLimits(RawRequest request) =>
        request.Target.Any(c => c is <= ' ' or > '~')
        || request.Target.Length > 8000
        || request.Headers.Sum(h => h.Key.Length + h.Value.Length + 4) > 32_000;

    public override string ToString()
    {
        var bytes = Bytes;
        var headEnd = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var head = System.Text.Encoding.Latin1.GetString(bytes, 0, Math.Min(headEnd < 0 ? bytes.Length : headEnd, 1500));
        return $"case {Index} ({Template}: {string.Join("; ", Changes)})\n  {head.Replace("\r\n", "\n  ", StringComparison.Ordinal)}\n  [{bytes.Length} bytes in all]";
    }
}
