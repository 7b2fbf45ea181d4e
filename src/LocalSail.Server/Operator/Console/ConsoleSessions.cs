using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Operator.Console;

/// <summary>
/// The console's sessions, in memory (a restart signs everyone out). The session id travels in an HttpOnly,
/// SameSite=Strict cookie scoped to <c>/_localsail</c>; every change also needs the session's CSRF token in a
/// header, which a page of another origin can neither read nor send.
/// </summary>
internal sealed class ConsoleSessions(TimeProvider clock)
{
    public const string CookieName = "localsail_console";
    public const string CsrfHeader = "X-LocalSail-Csrf";

    /// <summary>A session unused for this long is over.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromHours(12);

    // Bounds the memory sessions can take; the least recently used go first.
    private const int MaxSessions = 1000;

    private readonly ConcurrentDictionary<string, ConsoleSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Starts a session for the account and sets its cookie on the response.</summary>
    public ConsoleSession Start(HttpContext context)
    {
        var now = clock.GetUtcNow();
        if (_sessions.Count >= MaxSessions)
        {
            foreach (var stale in _sessions.Values.OrderBy(s => s.LastSeen).Take(_sessions.Count - MaxSessions + 1))
            {
                _sessions.TryRemove(stale.Id, out _);
            }
        }

        var session = new ConsoleSession(NewToken(), NewToken(), now);
        _sessions[session.Id] = session;
        context.Response.Cookies.Append(CookieName, session.Id, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = OperatorEndpoint.PathPrefix,
            IsEssential = true,
        });
        return session;
    }

    /// <summary>The request's live session, or null.</summary>
    public ConsoleSession? Find(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var id) || id is null || !_sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (now - session.LastSeen > IdleLifetime)
        {
            _sessions.TryRemove(id, out _);
            return null;
        }

        session.LastSeen = now;
        return session;
    }

    /// <summary>The request's live session when it also carries that session's CSRF token; else null.</summary>
    public ConsoleSession? FindWithCsrf(HttpRequest request)
    {
        var session = Find(request);
        var sent = request.Headers[CsrfHeader].ToString();
        return session is not null && sent.Length > 0 && FixedTimeEquals(sent, session.CsrfToken) ? session : null;
    }

    public void End(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(CookieName, out var id) && id is not null)
        {
            _sessions.TryRemove(id, out _);
        }

        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = OperatorEndpoint.PathPrefix, SameSite = SameSiteMode.Strict, HttpOnly = true });
    }

    internal static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>One signed-in console.</summary>
internal sealed class ConsoleSession(string id, string csrfToken, DateTimeOffset startedAt)
{
    public string Id { get; } = id;

    public string CsrfToken { get; } = csrfToken;

    public DateTimeOffset StartedAt { get; } = startedAt;

    // Touched by concurrent requests of the same session: kept as ticks, read and written atomically.
    private long _lastSeenUtcTicks = startedAt.UtcTicks;

    public DateTimeOffset LastSeen
    {
        get => new(Interlocked.Read(ref _lastSeenUtcTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _lastSeenUtcTicks, value.UtcTicks);
    }
}
