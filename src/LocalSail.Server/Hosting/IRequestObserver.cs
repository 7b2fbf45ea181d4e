using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Hosting;

/// <summary>
/// Told of every request once it has been answered: the request log, the metrics and the access logs
/// are observers. An observer must not throw and must not block: it runs on the request's thread.
/// </summary>
internal interface IRequestObserver
{
    void OnCompleted(HttpContext context, RequestSummary summary, TimeSpan elapsed);
}
