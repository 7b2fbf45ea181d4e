using LocalSail.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane;

/// <summary>Writes an S3 error: the status and, unless the request is HEAD or the status has no body, the &lt;Error&gt; document.</summary>
internal static class S3ErrorWriter
{
    public static byte[] Serialize(S3Error error, string? resource, string requestId)
    {
        using var xml = new Xml.S3XmlBuilder(256);
        xml.Open("Error");
        xml.Element("Code", error.Code);
        xml.Element("Message", error.Message);
        foreach (var (name, value) in error.Details)
        {
            // XML cannot carry U+0000, not even as a reference: a detail echoing one is left out rather than the
            // whole document made unreadable.
            if (!StorableText.HasNul(value))
            {
                xml.Element(name, value);
            }
        }

        if (resource is not null)
        {
            xml.Element("Resource", resource);
        }

        xml.Element("RequestId", requestId);
        xml.Close("Error");
        return xml.ToUtf8();
    }

    public static Task WriteAsync(HttpContext context, S3Error error, string? resource, string requestId)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        if (HttpMethods.IsHead(context.Request.Method) || error.Status == StatusCodes.Status304NotModified)
        {
            if (error.Status != StatusCodes.Status304NotModified)
            {
                response.Headers["x-amz-error-code"] = error.Code;
            }

            return Task.CompletedTask;
        }

        var body = Serialize(error, resource, requestId);
        response.ContentType = "application/xml";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }
}
