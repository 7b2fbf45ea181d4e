using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane;

/// <summary>The S3-compatible endpoint: every request on the port that is not the Lightsail API.</summary>
public sealed class S3Endpoint
{
    public Task HandleAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status501NotImplemented;
        context.Response.ContentType = "application/xml";
        return context.Response.WriteAsync(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NotImplemented</Code><Message>The S3 endpoint is not available yet.</Message></Error>");
    }
}
