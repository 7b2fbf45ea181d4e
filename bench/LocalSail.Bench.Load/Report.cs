using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Bench.Load;

/// <summary>
/// Turns one run's result lines into the table: the median of the repetitions of every figure for every
/// server, LocalSail's ratio to each peer, and the targets of the issue judged on those medians.
/// </summary>
public static class Report
{
    public const string LocalSail = "localsail";

    private static readonly string[] ServerOrder = [LocalSail, "localsail-plain", "localsail-threadpool", "localsail-postgres", "localsail-pg-s3", "localsail-2nodes", "trivial", "nginx", "moto", "ceph", "s3rver", "fauxqs"];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static int Write(Options options)
    {
        var lines = File.ReadLines(options.Require("results"))
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonSerializer.Deserialize<ResultLine>(l, Json)!)
            .ToList();
        var results = new Results(lines);
        var markdown = Render(results, options);
        Console.Out.Write(markdown);
        if (options.Get("out") is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, markdown + KeptSection(path));
            Console.Error.WriteLine($"wrote {path}");
        }

        return 0;
    }

    /// <summary>Marks the start of the hand-written analysis that a regenerated table keeps.</summary>
    public const string KeptMarker = "<!-- Written by hand below this line; bench/run.sh keeps it when it rewrites the table above. -->";

    private static string KeptSection(string path)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        var existing = File.ReadAllText(path);
        var at = existing.IndexOf(KeptMarker, StringComparison.Ordinal);
        return at < 0 ? string.Empty : Environment.NewLine + existing[at..];
    }

    private static string Render(Results results, Options options)
    {
        var servers = ServerOrder.Where(results.Mentions).Concat(results.Servers.Except(ServerOrder)).ToList();
        var peers = servers.Where(s => s != LocalSail).ToList();
        var md = new StringBuilder();
        md.AppendLine("# Performance").AppendLine();
        md.AppendLine("LocalSail measured side by side with the servers a user would otherwise pick, in one run, under the same");
        md.AppendLine("closed-loop SigV4-signing load generator (`bench/LocalSail.Bench.Load`). Every figure is the median of the");
        md.AppendLine("repetitions; a ratio is LocalSail's median divided by the peer's. Reproduce with the command below.").AppendLine();
        md.AppendLine("## Run").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- command: `{options.Get("command", "bench/run.sh")}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- date: {options.Get("date") ?? DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- settings: {options.Get("settings", "")}");
        if (options.Get("machine") is { } machineFile && File.Exists(machineFile))
        {
            foreach (var line in File.ReadLines(machineFile))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
            }
        }

        md.AppendLine().AppendLine("## Servers").AppendLine();
        foreach (var server in servers)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- **{server}**: {Describe(server)}{(results.Unavailable(server) is { } why ? $" — **{why}**" : "")}");
        }

        md.AppendLine().AppendLine("## Results").AppendLine();
        md.AppendLine("↑ higher is better, ↓ lower is better. `(×r)` is LocalSail ÷ that server. `—` not applicable to that server.").AppendLine();
        md.Append("| figure |");
        foreach (var server in servers)
        {
            md.Append(CultureInfo.InvariantCulture, $" {server} |");
        }

        md.AppendLine().Append("|---|");
        md.AppendLine(string.Concat(Enumerable.Repeat("---:|", servers.Count)));
        foreach (var row in Rows(results))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {row.Label} |");
            var own = results.Median(LocalSail, row.Scenario, row.Metric);
            foreach (var server in servers)
            {
                md.Append(' ').Append(Cell(results, server, row, own)).Append(" |");
            }

            md.AppendLine();
        }

        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"‡ The load generator's core was at least {ClientLimit:P0} busy: the figure is the load generator's limit (it signs every request, about 11-12k requests/s on one core), not the server's, and a ratio to it understates the faster server. The server CPU per request beside it is the server's own cost.");
        md.AppendLine().AppendLine("## Targets").AppendLine();
        md.AppendLine("Judged on the medians above (server on one core, concurrency 8).").AppendLine();
        md.AppendLine("| target | measured | verdict |").AppendLine("|---|---|---|");
        foreach (var target in Target.All)
        {
            var (measured, verdict) = target.Judge(results);
            md.AppendLine(CultureInfo.InvariantCulture, $"| {target.Text} | {measured} | {verdict} |");
        }

        var failures = results.Failures().ToList();
        if (failures.Count > 0)
        {
            md.AppendLine().AppendLine("## Failures and unavailable servers").AppendLine();
            foreach (var failure in failures)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {failure}");
            }
        }

        var notes = results.Notes().ToList();
        if (notes.Count > 0)
        {
            md.AppendLine().AppendLine("## What each server was asked").AppendLine();
            foreach (var (server, scenario, note) in notes)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {server} `{scenario}`: {note}");
            }
        }

        md.AppendLine().AppendLine("## How each figure is taken").AppendLine();
        md.AppendLine("- Load: 8 closed-loop workers on CPU 0, each signing every request with SigV4 (fresh date, full canonical request, HMAC) over one pooled HTTP/1.1 client; requests completing in the warm-up are not counted. Server pinned to CPU 1 with `taskset`; Ceph's mon and osd, and PostgreSQL, too.");
        md.AppendLine("- JSON API call: LocalSail `GetBucketAccessKeys` (with full SigV4 verification); moto has no Lightsail, so its nearest JSON 1.1 list call, KMS `ListKeys` over two keys; fauxqs speaks SQS JSON 1.0, `ListQueues` over two queues; the trivial endpoint answers the same request with fixed bytes.");
        md.AppendLine("- Access-key pair: one operation is `CreateBucketAccessKey` then `DeleteBucketAccessKey`, each worker on its own bucket. GetBuckets: over 1,000 buckets.");
        md.AppendLine("- PUT: each worker overwrites its own key, the same pseudo-random body every time. GET: one stored object of that size; nginx serves the same bytes from a file.");
        md.AppendLine("- ListObjectsV2: `max-keys=1000`; past 1,000 objects every page starts after a random key, so the figure is a page anywhere in the bucket. The bucket size is in the row's name.");
        md.AppendLine("- Multipart: one upload, 8 MiB parts, 8 in flight, measured once per server; peak increase = VmHWM during the upload − VmRSS before it (VmHWM reset through `/proc/PID/clear_refs`).");
        md.AppendLine("- Cold start: from `exec` of the server to its first successful signed request (LocalSail: `GetBuckets`; S3 servers: `ListBuckets`; nginx: a GET). Ceph: the gateway's restart with its cluster and pools already up. Idle RSS: 2 s after that answer, of the started process and its children (for Ceph the gateway alone). Memory under load is VmRSS of the server's process tree (Ceph: radosgw + mon + osd, whose memstore holds the data).");
        md.AppendLine("- PostgreSQL servers (`localsail-postgres`, `localsail-pg-s3`, `localsail-2nodes`): each cold start is on a freshly created database, so it includes the schema's migrations; the idle RSS is LocalSail's alone, while CPU and memory under load count PostgreSQL's processes too (and, for `localsail-pg-s3`, Ceph's gateway, mon and osd). `localsail-2nodes`: the cold start is the first node's, to its first answer (the second node is started after it and not timed); worker i sends to node i mod 2, setup goes through the first; a multipart upload goes through the first node only. Their memory under load sums the RSS of PostgreSQL's processes, which share its buffers: shared pages count once per process, so the figure is an upper bound. Their `s3-list` bucket holds 1,000 objects (each object of a fill is a durable PostgreSQL commit); `localsail-postgres` runs every other scenario but the multipart upload, `localsail-pg-s3` and `localsail-2nodes` the JSON call and object GETs and PUTs.");
        return md.ToString();
    }

    private static string Cell(Results results, string server, Row row, double? own)
    {
        if (results.Unavailable(server) is not null && !results.Has(server, row.Scenario))
        {
            return "n/a";
        }

        if (!results.Has(server, row.Scenario))
        {
            return "—";
        }

        if (results.Median(server, row.Scenario, row.Metric) is not { } value)
        {
            return results.AllFailed(server, row.Scenario) ? "failed" : "—";
        }

        var text = Format(value);
        if (row.Throughput && ClientBound(results, server, row.Scenario))
        {
            text += " ‡";
        }

        if (server != LocalSail && own is { } mine && value > 0 && row.Ratio)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" (×{mine / value:0.##})");
        }

        return text;
    }

    private static string Format(double value) =>
        value switch
        {
            >= 10_000 => value.ToString("N0", CultureInfo.InvariantCulture),
            >= 100 => value.ToString("F0", CultureInfo.InvariantCulture),
            >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
            _ => value.ToString("0.##", CultureInfo.InvariantCulture),
        };

    private static string Describe(string server) => server switch
    {
        LocalSail => "the `localsail` tool published from `src/LocalSail.Cli` in Release (ReadyToRun), data on disk, durable writes",
        "localsail-threadpool" => "the same `localsail` with `--scheduling ThreadPool` (requests handed to the thread pool rather than run on the socket's thread)",
        "localsail-plain" => "the same `localsail` with `--encrypt-objects false`: new objects stored as sent, not encrypted at rest (object GETs and PUTs only, for what encryption costs)",
        "localsail-postgres" => "the same `localsail` with `--store Postgres`: metadata in a PostgreSQL database on the same machine (a throwaway cluster on a Unix socket, `fsync` and `synchronous_commit` on, pinned to the server's core), object bytes on the local disk",
        "localsail-pg-s3" => "the same `localsail` with `--store Postgres` and `--blob-store S3`: metadata in that PostgreSQL, object bytes in a bucket of the Ceph RADOS Gateway of this run (its CPU and memory, mon and osd included, count as this server's)",
        "localsail-2nodes" => "two `localsail serve` processes on the same PostgreSQL database and the same data directory (shared directory blobs), both on the server's core; the load generator's workers alternate between the two",
        "trivial" => "the .NET floor, `bench/floor/TrivialKestrel`, published the same way: fixed bytes from memory, no signature check, PUT discarded",
        "nginx" => "the HTTP floor: nginx serving the same bytes from files, one worker",
        "moto" => "moto's server (Python), objects in memory, signatures not verified",
        "ceph" => "Ceph RADOS Gateway on a throwaway single-node memstore cluster; verifies SigV4",
        "s3rver" => "s3rver (Node), objects on disk, checks the key but not the signature",
        "fauxqs" => "fauxqs (Node), in memory, no authentication",
        _ => server,
    };

    /// <summary>
    /// The load generator's core this busy (median over the repetitions) means a figure is its limit rather than
    /// the server's: it signs every request, at about 11-12k requests/s on its one core.
    /// </summary>
    public const double ClientLimit = 0.9;

    /// <summary>Whether the load generator was the limit of that server's scenario.</summary>
    public static bool ClientBound(Results results, string server, string scenario) =>
        results.Median(server, scenario, r => r.ClientCpu) is >= ClientLimit;

    /// <param name="Throughput">A rate that the load generator's limit caps (marked ‡ when it did).</param>
    public sealed record Row(string Label, string Scenario, Func<ResultLine, double?> Metric, bool Ratio = true, bool Throughput = false);

    private static IEnumerable<Row> Rows(Results results)
    {
        var scenarios = new (string Scenario, string Label, bool Bytes)[]
        {
            ("api-access-keys", "JSON API call (GetBucketAccessKeys)", false),
            ("api-key-pair", "CreateBucketAccessKey + DeleteBucketAccessKey", false),
            ("api-get-buckets", "GetBuckets in an account of 1,000 buckets", false),
            ("s3-get-4k", "GetObject 4 KiB", false),
            ("s3-get-1m", "GetObject 1 MiB", true),
            ("s3-put-4k", "PutObject 4 KiB", false),
            ("s3-put-1m", "PutObject 1 MiB", true),
        };
        var lists = results.Scenarios.Where(s => s.StartsWith("s3-list-", StringComparison.Ordinal))
            .OrderBy(s => int.Parse(s["s3-list-".Length..], CultureInfo.InvariantCulture))
            .Select(s => (s, $"ListObjectsV2 1,000-key page, {int.Parse(s["s3-list-".Length..], CultureInfo.InvariantCulture):N0} objects", false));
        foreach (var (scenario, label, bytes) in scenarios.Concat(lists))
        {
            if (!results.Scenarios.Contains(scenario))
            {
                continue;
            }

            yield return new Row($"{label}: req/s ↑", scenario, r => r.RequestsPerSecond, Throughput: true);
            if (bytes)
            {
                yield return new Row($"{label}: MiB/s ↑", scenario, r => r.MibPerSecond, Throughput: true);
            }

            yield return new Row($"{label}: server CPU µs per request ↓", scenario, r => r.ServerCpuUsPerRequest);

            yield return new Row($"{label}: p50 ms ↓", scenario, r => r.P50Ms);
            yield return new Row($"{label}: p99 ms ↓", scenario, r => r.P99Ms);
            yield return new Row($"{label}: max ms ↓", scenario, r => r.MaxMs);
            yield return new Row($"{label}: errors", scenario, r => r.Errors, Ratio: false);
        }

        foreach (var multipart in results.Scenarios.Where(s => s.StartsWith("s3-multipart-", StringComparison.Ordinal)))
        {
            var size = multipart["s3-multipart-".Length..].TrimEnd('m');
            yield return new Row($"Multipart upload {size} MiB: MiB/s ↑", multipart, r => r.MibPerSecond);
            yield return new Row($"Multipart upload {size} MiB: seconds ↓", multipart, r => r.Seconds);
            yield return new Row($"Multipart upload {size} MiB: peak RSS increase MiB ↓", multipart, r => r.PeakIncreaseMib);
        }

        yield return new Row("Cold start to first signed answer: ms ↓", "cold-start", r => r.ColdStartMs);
        yield return new Row("Idle RSS: MiB ↓", "cold-start", r => r.RssIdleMib);
        yield return new Row("RSS after load: MiB ↓", "memory-after-load", r => r.RssAfterMib);
        yield return new Row("Peak RSS over any measured scenario: MiB ↓", "peak", r => r.PeakMib);
    }
}
