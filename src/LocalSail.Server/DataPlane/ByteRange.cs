using System.Globalization;

namespace LocalSail.Server.DataPlane;

/// <summary>A single byte range of an object, from a Range header.</summary>
internal readonly record struct ByteRange(long Start, long Length)
{
    public long End => Start + Length - 1;

    /// <summary>
    /// Parses <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c> against an object of <paramref name="size"/>.
    /// Returns null with <paramref name="satisfiable"/> true when the header should be ignored (absent,
    /// malformed or several ranges), or false when it is unsatisfiable.
    /// </summary>
    public static ByteRange? Parse(string? header, long size, out bool satisfiable)
    {
        satisfiable = true;
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var spec = header[6..].Trim();
        if (spec.Contains(','))
        {
            return null;
        }

        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return null;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return null;
            }

            if (suffix == 0 || size == 0)
            {
                satisfiable = false;
                return null;
            }

            var length = Math.Min(suffix, size);
            return new ByteRange(size - length, length);
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        long end = size - 1;
        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
            {
                return null;
            }
        }

        if (start >= size)
        {
            satisfiable = false;
            return null;
        }

        end = Math.Min(end, size - 1);
        return new ByteRange(start, end - start + 1);
    }
}
