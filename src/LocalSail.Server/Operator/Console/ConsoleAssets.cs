using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Operator.Console;

/// <summary>
/// The console's files (plain HTML, CSS and JavaScript, embedded in the assembly: there is no front-end build),
/// loaded once and served with a validator so that a browser asks again but downloads only what changed.
/// </summary>
internal sealed class ConsoleAssets
{
    private const string ResourcePrefix = "LocalSail.Console.";

    private readonly FrozenDictionary<string, Asset> _assets;

    public ConsoleAssets()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var name = resource[ResourcePrefix.Length..];
            assets[name] = new Asset(bytes, ContentType(name), "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
        }

        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public bool Contains(string name) => _assets.ContainsKey(name);

    /// <summary>Writes the asset, or 304 when the browser holds this version; false when there is no such asset.</summary>
    public async Task<bool> TryWriteAsync(HttpContext context, string name)
    {
        if (!_assets.TryGetValue(name, out var asset))
        {
            return false;
        }

        var response = context.Response;
        OperatorResponses.ApplySecurityHeaders(response);
        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = asset.ETag;
        if (name.EndsWith(".html", StringComparison.Ordinal))
        {
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }

        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return true;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(asset.Bytes, context.RequestAborted);
        }

        return true;
    }

    /// <summary>Everything from this origin only; no inline script, no frames, no other site's fonts or scripts.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
