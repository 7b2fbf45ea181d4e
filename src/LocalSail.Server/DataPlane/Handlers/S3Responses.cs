using LocalSail.Server.DataPlane.Xml;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>Writing a handler's success response.</summary>
internal static class S3Responses
{
    public static async Task<S3Error?> XmlAsync(S3RequestContext context, S3XmlBuilder xml, int status = StatusCodes.Status200OK)
    {
        try
        {
            var response = context.Response;
            response.StatusCode = status;
            response.ContentType = "application/xml";
            response.ContentLength = xml.Utf8.Length;
            await response.Body.WriteAsync(xml.Utf8, context.Aborted);
            return null;
        }
        finally
        {
            xml.Release();
        }
    }

    public static Task<S3Error?> EmptyAsync(S3RequestContext context, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        if (status != StatusCodes.Status204NoContent)
        {
            context.Response.ContentLength = 0;
        }

        return Task.FromResult<S3Error?>(null);
    }

    public static void Owner(S3XmlBuilder xml, string accountId, string element = "Owner") =>
        xml.Open(element).Element("ID", accountId).Element("DisplayName", accountId).Close(element);

    /// <summary>An <c>encoding-type=url</c> value: percent-encoded except '/'.</summary>
    public static string? Encode(string? value, bool urlEncoding) =>
        value is null || !urlEncoding ? value : LocalSail.Signing.UriEncoding.Encode(value, encodeSlash: false);

    public static int? ParseMax(string? value, int defaultValue, int limit)
    {
        if (value is null)
        {
            return defaultValue;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            ? Math.Min(parsed, limit)
            : null;
    }
}
