using LocalSail.Server.DataPlane.Xml;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>Writing a handler's success response.</summary>
internal static class S3Responses
{
    /// <summary>
    /// Answers with the XML document <paramref name="write"/> builds from <paramref name="state"/> (a static lambda:
    /// nothing is captured per request). The builder's pooled buffer goes back once the answer is written.
    /// </summary>
    public static async Task<S3Error?> XmlAsync<TState>(S3RequestContext context, TState state, Action<S3XmlBuilder, TState> write)
    {
        using var xml = new S3XmlBuilder();
        write(xml, state);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/xml";
        response.ContentLength = xml.Utf8.Length;
        await response.Body.WriteAsync(xml.Utf8, context.Aborted);
        return null;
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

    /// <summary>The request's delimiter; an empty one is none (S3 groups nothing and shows no Delimiter element).</summary>
    public static string? Delimiter(S3RequestContext context) => context.Query("delimiter") is { Length: > 0 } delimiter ? delimiter : null;

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
