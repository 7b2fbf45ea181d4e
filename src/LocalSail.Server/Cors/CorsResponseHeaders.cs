using System.Globalization;
using LocalSail.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Cors;

/// <summary>The headers S3 answers a request that matched a CORS rule with, preflight or not.</summary>
internal static class CorsResponseHeaders
{
    /// <summary>What S3 sends as <c>Vary</c> with every answer that carries CORS headers.</summary>
    public const string Vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";

    public static void Apply(IHeaderDictionary headers, CorsRule rule, string origin, string? requestedHeaders)
    {
        // A rule that allows every origin is answered with "*" and without credentials; any other with the
        // request's own origin and credentials allowed, as S3 does.
        if (CorsMatcher.AllowsAnyOrigin(rule))
        {
            headers.AccessControlAllowOrigin = "*";
        }
        else
        {
            headers.AccessControlAllowOrigin = origin;
            headers.AccessControlAllowCredentials = "true";
        }

        headers.AccessControlAllowMethods = string.Join(", ", rule.AllowedMethods ?? []);
        if (!string.IsNullOrWhiteSpace(requestedHeaders))
        {
            headers.AccessControlAllowHeaders = string.Join(", ", CorsMatcher.RequestedHeaderNames(requestedHeaders));
        }

        if (rule.ExposeHeaders is { Count: > 0 } exposed)
        {
            headers.AccessControlExposeHeaders = string.Join(", ", exposed);
        }

        if (rule.MaxAgeSeconds is { } maxAge)
        {
            headers.AccessControlMaxAge = maxAge.ToString(CultureInfo.InvariantCulture);
        }

        headers.Vary = Vary;
    }
}
