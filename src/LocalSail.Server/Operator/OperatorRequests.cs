using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Operator;

/// <summary>Reading the operator surface's requests: small JSON bodies only.</summary>
internal static class OperatorRequests
{
    /// <summary>The largest body the surface reads (a console call or a reset; object bytes go to the S3 endpoint).</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>The whole body, or null when it is larger than <see cref="MaxBodyBytes"/>.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>This server's address as the caller reaches it (for the S3 endpoint in answers).</summary>
    public static Uri Origin(HttpRequest request) => new($"{request.Scheme}://{request.Host.Value}/");
}
