using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Hosting;

/// <summary>
/// Whether a failure only means that the client went away (it reset or closed the connection mid-request).
/// That is ordinary: there is no one to answer and nothing for an operator to look into, so the request is
/// aborted quietly rather than answered or logged as a failure.
/// </summary>
internal static class ClientDisconnect
{
    public static bool Is(Exception exception, HttpContext context) =>
        context.RequestAborted.IsCancellationRequested || Is(exception);

    public static bool Is(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is ConnectionResetException or ConnectionAbortedException)
            {
                return true;
            }
        }

        return false;
    }
}
