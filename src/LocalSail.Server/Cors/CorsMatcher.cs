using LocalSail.Server.Storage;

namespace LocalSail.Server.Cors;

/// <summary>
/// Which of a bucket's CORS rules a cross-origin request matches, as S3 decides it: the first rule, in order,
/// that allows the request's origin (a rule's origin may hold <c>*</c> wildcards), its method (the
/// <c>Access-Control-Request-Method</c> when the request carries one), and every header named in
/// <c>Access-Control-Request-Headers</c> (case-insensitively, wildcards allowed). Pure: no I/O, no state.
/// </summary>
internal static class CorsMatcher
{
    public static CorsRule? Match(IReadOnlyList<CorsRule> rules, string origin, string method, string? requestedHeaders)
    {
        foreach (var rule in rules)
        {
            if (AllowsMethod(rule, method) && AllowsOrigin(rule, origin) && AllowsHeaders(rule, requestedHeaders))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>Whether the rule allows every origin (<c>*</c>): S3 then answers <c>Access-Control-Allow-Origin: *</c>, without credentials.</summary>
    public static bool AllowsAnyOrigin(CorsRule rule) => rule.AllowedOrigins?.Contains("*") == true;

    /// <summary>The names in an <c>Access-Control-Request-Headers</c> value: trimmed, lower-case, empty ones left out.</summary>
    public static IEnumerable<string> RequestedHeaderNames(string requestedHeaders) =>
        requestedHeaders.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(name => name.ToLowerInvariant());

    private static bool AllowsMethod(CorsRule rule, string method)
    {
        foreach (var allowed in rule.AllowedMethods ?? [])
        {
            if (string.Equals(allowed, method, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AllowsOrigin(CorsRule rule, string origin)
    {
        foreach (var allowed in rule.AllowedOrigins ?? [])
        {
            if (Wildcard.Matches(allowed, origin, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AllowsHeaders(CorsRule rule, string? requestedHeaders)
    {
        if (string.IsNullOrWhiteSpace(requestedHeaders))
        {
            return true;
        }

        var allowed = rule.AllowedHeaders ?? [];
        foreach (var name in RequestedHeaderNames(requestedHeaders))
        {
            if (!allowed.Any(pattern => Wildcard.Matches(pattern, name, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Matching a value against a pattern where <c>*</c> stands for any run of characters, none included.</summary>
internal static class Wildcard
{
    public static bool Matches(string pattern, string value, StringComparison comparison)
    {
        if (!pattern.Contains('*'))
        {
            return string.Equals(pattern, value, comparison);
        }

        var parts = pattern.Split('*');
        if (!value.StartsWith(parts[0], comparison))
        {
            return false;
        }

        var position = parts[0].Length;
        var last = parts[^1];
        var end = value.Length - last.Length;
        if (end < position || !value.AsSpan(end).Equals(last, comparison))
        {
            return false;
        }

        // The middle parts, in order, each found as early as possible between the prefix and the suffix.
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = value.AsSpan(position, end - position).IndexOf(parts[i], comparison);
            if (found < 0)
            {
                return false;
            }

            position += found + parts[i].Length;
        }

        return true;
    }
}
