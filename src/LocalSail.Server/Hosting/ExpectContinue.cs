using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LocalSail.Server.Hosting;

/// <summary>
/// A client that sends <c>Expect: 100-continue</c> waits for <c>100 Continue</c> before it sends its body,
/// and sends none when a final answer comes first (botocore then reuses the connection). The server cannot
/// tell whether the body is on its way, so after such an answer the connection is closed: otherwise the
/// next request would be read as the rest of this one's body. (Reading a body sends <c>100 Continue</c>,
/// so answers given after the body was read are not affected in practice: they are successes or come
/// from errors found in the body, where the client did send it.)
/// </summary>
public static class ExpectContinue
{
    /// <summary>Adds <c>Connection: close</c> to an error answer of a request that announced its body with <c>Expect: 100-continue</c>.</summary>
    public static void CloseAfterError(HttpContext context)
    {
        if (context.Request.Headers.Expect.Count > 0
            && context.Request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase)
            && !context.Response.HasStarted)
        {
            context.Response.Headers[HeaderNames.Connection] = "close";
        }
    }
}
