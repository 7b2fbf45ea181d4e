namespace LocalSail.Bench.Load;

/// <summary>One run's result lines, grouped by server and scenario, with medians over the repetitions.</summary>
public sealed class Results
{
    private readonly List<ResultLine> _lines;

    public Results(IEnumerable<ResultLine> lines)
    {
        _lines = lines.ToList();
        // A peak per server over every measured step: each step resets VmHWM, so the largest of them.
        foreach (var server in _lines.Select(l => l.Server).Distinct().ToList())
        {
            var peaks = _lines.Where(l => l.Server == server && l.Status == "ok" && l.PeakMib is not null).Select(l => l.PeakMib!.Value).ToList();
            if (peaks.Count > 0)
            {
                _lines.Add(new ResultLine { Server = server, Scenario = "peak", PeakMib = peaks.Max() });
            }
        }
    }

    public IReadOnlyCollection<string> Servers => _lines.Select(l => l.Server).Distinct().ToList();

    public IReadOnlyCollection<string> Scenarios => _lines.Select(l => l.Scenario).Distinct().ToList();

    public bool Mentions(string server) => _lines.Any(l => l.Server == server);

    public bool Has(string server, string scenario) => _lines.Any(l => l.Server == server && l.Scenario == scenario && !l.Status.StartsWith("not applicable", StringComparison.Ordinal));

    public bool AllFailed(string server, string scenario) =>
        _lines.Where(l => l.Server == server && l.Scenario == scenario).All(l => l.Status != "ok");

    public string? Unavailable(string server) =>
        _lines.FirstOrDefault(l => l.Server == server && l.Scenario == "unavailable")?.Status;

    public double? Median(string server, string scenario, Func<ResultLine, double?> metric)
    {
        var values = _lines
            .Where(l => l.Server == server && l.Scenario == scenario && l.Status == "ok")
            .Select(metric)
            .Where(v => v is not null)
            .Select(v => v!.Value)
            .Order()
            .ToList();
        if (values.Count == 0)
        {
            return null;
        }

        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    public int Repetitions(string server, string scenario) =>
        _lines.Count(l => l.Server == server && l.Scenario == scenario && l.Status == "ok");

    /// <summary>Each failing pair once, with the repetitions it failed in and its first reason.</summary>
    public IEnumerable<string> Failures() =>
        _lines.Where(l => l.Status != "ok" && !l.Status.StartsWith("not applicable", StringComparison.Ordinal))
            .Where(l => l.Scenario == "unavailable" || Unavailable(l.Server) is null)
            .GroupBy(l => (l.Server, l.Scenario))
            .Select(g => g.Key.Scenario == "unavailable"
                ? $"{g.Key.Server}: `{Shorten(g.First().Status)}`"
                : $"{g.Key.Server} `{g.Key.Scenario}` (repetition {string.Join(", ", g.Select(l => l.Rep))}): `{Shorten(g.First().Status)}`");

    /// <summary>What a scenario really did on a server (the call used, the bucket's size), once per pair.</summary>
    public IEnumerable<(string Server, string Scenario, string Note)> Notes() =>
        _lines.Where(l => l.Note is not null && l.Status == "ok")
            .GroupBy(l => (l.Server, l.Scenario))
            .Select(g => (g.Key.Server, g.Key.Scenario, g.First().Note!));

    private static string Shorten(string text)
    {
        var flat = string.Join(' ', text.Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "", StringComparison.Ordinal).Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        flat = flat.Replace('`', '\'');
        return flat.Length <= 300 ? flat : flat[..300] + "…";
    }
}
