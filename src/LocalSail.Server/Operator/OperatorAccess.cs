using LocalSail.Server.Authentication;
using LocalSail.Server.Hosting;
using LocalSail.Signing;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Operator;

/// <summary>
/// Who may use what on the operator surface. Health is open. Metrics are open on loopback (or when made
/// public); elsewhere they need the metrics token or the account's root signature. A reset is allowed only
/// where emptying the store is safe (loopback, in-memory, or enabled explicitly) and only for the root
/// signature or a console session with its CSRF token.
/// </summary>
internal sealed class OperatorAccess(LocalSailOptions options, AccountCredentials account, SigV4Verifier verifier)
{
    private const string BearerPrefix = "Bearer ";

    public bool ListensOnLoopback { get; } = AccountCredentials.IsLoopback(options.Host);

    public bool ResetAllowed => ListensOnLoopback || options.InMemory || options.AllowReset;

    public bool MetricsOpen => ListensOnLoopback || options.PublicMetrics;

    /// <summary>The console opens without signing in only with the documented development credentials, which the server accepts on loopback alone.</summary>
    public bool ConsoleOpensDirectly => account.IsDevelopment;

    public string ResetRefusal =>
        "Resetting the store is allowed only when the server listens on loopback, keeps its store in memory (--in-memory), or is started with --allow-reset.";

    public bool HasMetricsToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return options.MetricsToken is { Length: > 0 } token
            && authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            && Console.ConsoleSessions.FixedTimeEquals(authorization[BearerPrefix.Length..].Trim(), token);
    }

    /// <summary>Whether the request carries a valid SigV4 signature (Lightsail's scope) made with the account's root key.</summary>
    public async Task<bool> IsSignedByRootAsync(HttpRequest request, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (!request.Headers.ContainsKey("Authorization") && !request.Query.ContainsKey("X-Amz-Signature"))
        {
            return false;
        }

        var result = await verifier.VerifyAsync(request, "lightsail", SigV4.Sha256Hex(body.Span), cancellationToken);
        return result.Succeeded && result.Request!.Principal is { IsAccountRoot: true } principal && principal.AccountId == account.AccountId;
    }

    /// <summary>
    /// Whether a browser sent the request on behalf of another site: it says so in <c>Sec-Fetch-Site</c>, or its
    /// <c>Origin</c> is not the server it was sent to. Requests from other programs carry neither header.
    /// </summary>
    public static bool IsCrossSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site")
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }

        return !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
