using System.Globalization;

namespace LocalSail.Bench.Load;

/// <summary>The issue's targets, each judged on one run's medians; a missing figure is said, never guessed.</summary>
public sealed record Target(string Text, Func<Results, (string Measured, string Verdict)> Judge)
{
    private const string LocalSail = Report.LocalSail;

    public static readonly Target[] All =
    [
        AtLeast("GetBucketAccessKeys ≥ 0.6 × trivial ASP.NET Core req/s", "api-access-keys", "trivial", "api-access-keys", RequestsPerSecond, 0.6),
        AtLeast("GetBucketAccessKeys ≥ 25 × moto's JSON 1.1 API req/s", "api-access-keys", "moto", "api-access-keys", RequestsPerSecond, 25),
        AtLeast("GetObject 4 KiB ≥ 0.6 × trivial req/s", "s3-get-4k", "trivial", "s3-get-4k", RequestsPerSecond, 0.6),
        AtLeast("GetObject 4 KiB ≥ 10 × Ceph RGW req/s", "s3-get-4k", "ceph", "s3-get-4k", RequestsPerSecond, 10),
        AtLeast("GetObject 4 KiB ≥ fauxqs req/s", "s3-get-4k", "fauxqs", "s3-get-4k", RequestsPerSecond, 1),
        AtLeast("GetObject 1 MiB ≥ 0.9 × nginx MiB/s", "s3-get-1m", "nginx", "s3-get-1m", r => r.MibPerSecond, 0.9),
        AtLeast("PutObject 4 KiB (durable) ≥ 10 × Ceph RGW req/s", "s3-put-4k", "ceph", "s3-put-4k", RequestsPerSecond, 10),
        AtLeast("PutObject 1 MiB (durable) ≥ 1.0 × moto MiB/s", "s3-put-1m", "moto", "s3-put-1m", r => r.MibPerSecond, 1.0),
        AtLeast("PutObject 1 MiB (durable) ≥ 0.5 × trivial MiB/s (which discards the body)", "s3-put-1m", "trivial", "s3-put-1m", r => r.MibPerSecond, 0.5),
        AtLeast("GetBuckets in an account of 1,000 buckets ≥ 0.5 × trivial req/s", "api-get-buckets", "trivial", "api-get-buckets", RequestsPerSecond, 0.5),
        AtLeast("ListObjectsV2 page at 100,000 objects ≥ 5 × Ceph RGW at 1,000 objects", "s3-list-100000", "ceph", "s3-list-1000", RequestsPerSecond, 5),
        new("ListObjectsV2 page costs the same at 1,000 and 1,000,000 objects (p50 within ±25 %)", results =>
        {
            var small = results.Median(LocalSail, "s3-list-1000", r => r.P50Ms);
            var large = results.Median(LocalSail, "s3-list-1000000", r => r.P50Ms);
            if (small is not { } a || large is not { } b || a <= 0)
            {
                return ("not measured (needs LocalSail at 1,000 and 1,000,000 objects)", "not measured");
            }

            var ratio = b / a;
            return (F($"p50 {a:0.###} ms vs {b:0.###} ms (×{ratio:0.##})"), ratio is >= 0.75 and <= 1.25 ? "met" : "missed");
        }),
        new("Cold start ≤ 0.5 × moto's", results =>
        {
            var own = results.Median(LocalSail, "cold-start", r => r.ColdStartMs);
            var moto = results.Median("moto", "cold-start", r => r.ColdStartMs);
            if (own is not { } a || moto is not { } b || b <= 0)
            {
                return (Missing(results, LocalSail, "cold-start", "moto"), "not measured");
            }

            return (F($"{a:F0} ms vs {b:F0} ms (×{a / b:0.##})"), a <= 0.5 * b ? "met" : "missed");
        }),
        Limit("Idle memory < 80 MiB", "cold-start", r => r.RssIdleMib, 80, "MiB"),
        Limit("1 GiB multipart upload raises peak memory by < 32 MiB", "s3-multipart-1024m", r => r.PeakIncreaseMib, 32, "MiB"),
        AtLeast("Encryption at rest: GetObject 4 KiB ≥ 0.9 × without (localsail-plain) req/s", LocalSail, "s3-get-4k", Plain, "s3-get-4k", RequestsPerSecond, 0.9),
        AtLeast("Encryption at rest: GetObject 1 MiB ≥ 0.9 × without MiB/s", LocalSail, "s3-get-1m", Plain, "s3-get-1m", r => r.MibPerSecond, 0.9),
        AtLeast("Encryption at rest: PutObject 4 KiB ≥ 0.9 × without req/s", LocalSail, "s3-put-4k", Plain, "s3-put-4k", RequestsPerSecond, 0.9),
        AtLeast("Encryption at rest: PutObject 1 MiB ≥ 0.9 × without MiB/s", LocalSail, "s3-put-1m", Plain, "s3-put-1m", r => r.MibPerSecond, 0.9),
        AtLeast("PostgreSQL store: GetBucketAccessKeys ≥ 0.5 × the SQLite store's req/s", Postgres, "api-access-keys", LocalSail, "api-access-keys", RequestsPerSecond, 0.5),
        AtLeast("PostgreSQL store: GetObject 4 KiB ≥ 0.5 × the SQLite store's req/s", Postgres, "s3-get-4k", LocalSail, "s3-get-4k", RequestsPerSecond, 0.5),
        AtLeast("PostgreSQL store: PutObject 4 KiB (durable) ≥ 10 × Ceph RGW req/s", Postgres, "s3-put-4k", "ceph", "s3-put-4k", RequestsPerSecond, 10),
        Ratio("Two PostgreSQL nodes ÷ one SQLite node: GetBucketAccessKeys req/s", TwoNodes, "api-access-keys", LocalSail),
        Ratio("Two PostgreSQL nodes ÷ one SQLite node: GetObject 4 KiB req/s", TwoNodes, "s3-get-4k", LocalSail),
        Ratio("Two PostgreSQL nodes ÷ one SQLite node: PutObject 4 KiB req/s", TwoNodes, "s3-put-4k", LocalSail),
        Ratio("Two PostgreSQL nodes ÷ one PostgreSQL node: GetBucketAccessKeys req/s", TwoNodes, "api-access-keys", Postgres),
        Ratio("Two PostgreSQL nodes ÷ one PostgreSQL node: GetObject 4 KiB req/s", TwoNodes, "s3-get-4k", Postgres),
        Ratio("Two PostgreSQL nodes ÷ one PostgreSQL node: PutObject 4 KiB req/s", TwoNodes, "s3-put-4k", Postgres),
    ];

    private const string Postgres = "localsail-postgres";

    private const string Plain = "localsail-plain";

    private const string TwoNodes = "localsail-2nodes";

    private static double? RequestsPerSecond(ResultLine line) => line.RequestsPerSecond;

    private static Target AtLeast(string text, string ownScenario, string peer, string peerScenario, Func<ResultLine, double?> metric, double factor) =>
        AtLeast(text, LocalSail, ownScenario, peer, peerScenario, metric, factor);

    private static Target AtLeast(string text, string own, string ownScenario, string peer, string peerScenario, Func<ResultLine, double?> metric, double factor) =>
        new(text, results => Compare(results, own, ownScenario, peer, peerScenario, metric) is { } compared
            ? (compared.Measured, compared.Ratio >= factor ? "met" : "missed")
            : (Missing(results, own, ownScenario, peer), "not measured"));

    /// <summary>A ratio reported for what it is, with no target to meet.</summary>
    private static Target Ratio(string text, string own, string scenario, string peer) =>
        new(text, results => Compare(results, own, scenario, peer, scenario, RequestsPerSecond) is { } compared
            ? (compared.Measured, "no target")
            : (Missing(results, own, scenario, peer), "not measured"));

    private static (string Measured, double Ratio)? Compare(Results results, string own, string ownScenario, string peer, string peerScenario, Func<ResultLine, double?> metric)
    {
        var mine = results.Median(own, ownScenario, metric);
        var theirs = results.Median(peer, peerScenario, metric);
        if (mine is not { } a || theirs is not { } b || b <= 0)
        {
            return null;
        }

        var ratio = a / b;
        var bound = new[] { (own, ownScenario), (peer, peerScenario) }.Where(s => Report.ClientBound(results, s.Item1, s.Item2)).Select(s => s.Item1).ToList();
        var limit = bound.Count == 0 ? "" : $"; ‡ load generator at its limit for {string.Join(" and ", bound)}";
        var names = own == LocalSail ? "" : $"{own} ";
        return (F($"{names}{a:0.#} vs {peer} {b:0.#} (×{ratio:0.##}; n = {results.Repetitions(own, ownScenario)}/{results.Repetitions(peer, peerScenario)}{limit})"), ratio);
    }

    private static Target Limit(string text, string scenario, Func<ResultLine, double?> metric, double limit, string unit) =>
        new(text, results =>
        {
            var own = results.Median(LocalSail, scenario, metric);
            return own is { } value
                ? (F($"{value:0.#} {unit}"), value < limit ? "met" : "missed")
                : (Missing(results, LocalSail, scenario, null), "not measured");
        });

    private static string Missing(Results results, string own, string scenario, string? peer)
    {
        if (results.Unavailable(own) is not null)
        {
            return own == LocalSail ? "LocalSail unavailable (see below)" : $"{own} unavailable (see below)";
        }

        if (!results.Mentions(own))
        {
            return $"{own} not in this run";
        }

        if (peer is not null && results.Unavailable(peer) is not null)
        {
            return $"{peer} unavailable (see below)";
        }

        if (peer is not null && !results.Mentions(peer))
        {
            return $"{peer} not in this run";
        }

        return $"no successful {scenario} figure";
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
