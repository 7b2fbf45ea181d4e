using System.Globalization;
using System.Net;
using LocalSail.Bench.Load;
using LocalSail.Signing;

// localsail-load run | coldstart | payload | report: see bench/README.md.
try
{
    if (args.Length == 0)
    {
        Console.Error.WriteLine("usage: localsail-load run|coldstart|memory|payload|bucket|report [--option value ...] (see bench/README.md)");
        return 2;
    }

    var options = Options.Parse(args.Skip(1).ToArray());
    return args[0] switch
    {
        "run" => await Commands.RunAsync(options).ConfigureAwait(false),
        "coldstart" => await Commands.ColdStartAsync(options).ConfigureAwait(false),
        "payload" => Commands.WritePayload(options),
        "bucket" => await Commands.CreateBucketAsync(options).ConfigureAwait(false),
        "memory" => Commands.Memory(options),
        "report" => Report.Write(options),
        _ => throw new ArgumentException($"Unknown command '{args[0]}'."),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

namespace LocalSail.Bench.Load
{
    internal static class Commands
    {
        public static async Task<int> RunAsync(Options options)
        {
            var concurrency = options.Int("concurrency", 8);
            var client = Client(options, concurrency);
            var setup = new Setup(client, Enum.Parse<SetupMode>(options.Get("setup", "s3"), ignoreCase: true), options.Int("setup-concurrency", 32));
            var flavor = Enum.Parse<ApiFlavor>(options.Get("api", "lightsail"), ignoreCase: true);
            var warmup = TimeSpan.FromSeconds(options.Seconds("warmup", 2));
            var duration = TimeSpan.FromSeconds(options.Seconds("duration", 10));
            var pids = options.Pids();
            using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds("timeout", 1800)));
            var failures = 0;
            foreach (var scenario in options.Require("scenario").Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var line = new ResultLine
                {
                    Server = options.Get("server", client.Endpoint.ToString()),
                    Scenario = scenario == "s3-list" ? $"s3-list-{options.Int("objects", 100_000)}" : scenario,
                    Rep = options.Int("rep", 1),
                    Concurrency = concurrency,
                };
                try
                {
                    if (scenario == "s3-multipart")
                    {
                        await MultipartAsync(options, setup, concurrency, pids, line, cancellation.Token).ConfigureAwait(false);
                    }
                    else
                    {
                        var prepared = await Scenarios.PrepareAsync(scenario, setup, flavor, options, concurrency, cancellation.Token).ConfigureAwait(false);
                        line.Note = prepared.Note;
                        var before = ServerMemory.Read(pids);
                        ServerMemory.ResetPeak(pids);
                        var measured = await LoadRunner.RunAsync(prepared.Operation, concurrency, warmup, duration, cancellation.Token, () => ServerMemory.CpuSeconds(pids)).ConfigureAwait(false);
                        line.Fill(measured, before, ServerMemory.Read(pids));
                    }
                }
                catch (ScenarioNotApplicableException e)
                {
                    line.Status = "not applicable: " + e.Message;
                }
                catch (Exception e) when (e is SetupException or HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    line.Status = "failed: " + e.Message.ReplaceLineEndings(" ");
                    failures++;
                }

                line.Emit();
            }

            return failures == 0 ? 0 : 1;
        }

        private static async Task MultipartAsync(Options options, Setup setup, int concurrency, IReadOnlyList<int> pids, ResultLine line, CancellationToken cancellation)
        {
            var client = await setup.BucketAsync(Scenarios.DataBucket, cancellation).ConfigureAwait(false);
            var totalMib = options.Int("multipart-mib", 1024);
            var partMib = options.Int("part-mib", 8);
            var before = ServerMemory.Read(pids);
            ServerMemory.ResetPeak(pids);
            var outcome = await Multipart.UploadAsync(client, Scenarios.DataBucket, "big-object", totalMib * 1048576L, partMib * 1048576, concurrency, cancellation).ConfigureAwait(false);
            var after = ServerMemory.Read(pids);
            line.Scenario = $"s3-multipart-{totalMib}m";
            line.Note = $"{outcome.Parts} parts of {partMib} MiB, {concurrency} in flight";
            line.Count = outcome.Error is null ? 1 : 0;
            line.Errors = outcome.Error is null ? 0 : 1;
            line.Seconds = outcome.Seconds;
            line.MibPerSecond = Math.Round(outcome.MibPerSecond, 2);
            line.FirstError = outcome.Error;
            line.Status = outcome.Error is null ? "ok" : "failed: " + outcome.Error;
            line.FillMemory(before, after);
        }

        public static async Task<int> ColdStartAsync(Options options)
        {
            var client = Client(options, 1);
            var probeKind = options.Get("probe", "s3");
            Func<CancellationToken, Task<bool>> probe = probeKind switch
            {
                "lightsail" => async token => (await client.SendForTextAsync(client.Json(Lightsail.Call("GetBuckets", "{}")), token).ConfigureAwait(false)).Status == HttpStatusCode.OK,
                "s3" => async token => (await client.SendForTextAsync(client.S3(HttpMethod.Get, client.Resolve("/")), token).ConfigureAwait(false)).Status == HttpStatusCode.OK,
                _ when probeKind.StartsWith("get:", StringComparison.Ordinal) =>
                    async token => (await client.SendForTextAsync(client.S3(HttpMethod.Get, client.Resolve(probeKind[4..])), token).ConfigureAwait(false)).Status == HttpStatusCode.OK,
                _ => throw new ArgumentException($"Unknown probe '{probeKind}': lightsail, s3 or get:/path."),
            };

            // The probe's own first-call costs (JIT, handler set-up) are paid here, before the clock starts.
            try
            {
                using var early = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await probe(early.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            if (options.Command.Count == 0)
            {
                throw new ArgumentException("coldstart needs the server's command after --.");
            }

            var outcome = await ColdStart.RunAsync(
                options.Command,
                options.Require("log"),
                probe,
                TimeSpan.FromSeconds(options.Seconds("timeout", 60)),
                TimeSpan.FromSeconds(options.Seconds("idle-wait", 2)),
                options.Get("pid-file")).ConfigureAwait(false);
            new ResultLine
            {
                Server = options.Get("server", client.Endpoint.ToString()),
                Scenario = "cold-start",
                Rep = options.Int("rep", 1),
                Pid = outcome.Pid,
                ColdStartMs = outcome.Error is null ? outcome.Milliseconds : null,
                RssIdleMib = outcome.IdleRssMib,
                Status = outcome.Error is null ? "ok" : "failed: " + outcome.Error,
            }.Emit();
            return outcome.Error is null ? 0 : 1;
        }

        /// <summary>Resident and peak memory of a running server, after the load: one result line.</summary>
        public static int Memory(Options options)
        {
            var sample = ServerMemory.Read(options.Pids());
            new ResultLine
            {
                Server = options.Require("server"),
                Scenario = "memory-after-load",
                Rep = options.Int("rep", 1),
                RssAfterMib = sample is { } s ? Math.Round(s.RssMib, 1) : null,
                PeakMib = sample is { } p ? Math.Round(p.PeakMib, 1) : null,
                Status = sample is null ? "failed: no process id" : "ok",
            }.Emit();
            return 0;
        }

        /// <summary>Writes the exact bytes the GET scenarios store, for nginx to serve from a file.</summary>
        public static int WritePayload(Options options)
        {
            File.WriteAllBytes(options.Require("out"), Payload.Create(options.Int("size", 4096)));
            return 0;
        }

        /// <summary>Makes an S3 bucket exist (<c>PUT /bucket</c>), for a server that keeps its bytes in another's.</summary>
        public static async Task<int> CreateBucketAsync(Options options)
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds("timeout", 60)));
            try
            {
                await new Setup(Client(options, 1), SetupMode.S3, 1).BucketAsync(options.Require("name"), cancellation.Token).ConfigureAwait(false);
                return 0;
            }
            catch (Exception e) when (e is SetupException or HttpRequestException or TaskCanceledException)
            {
                Console.Error.WriteLine(e.Message.ReplaceLineEndings(" "));
                return 1;
            }
        }

        private static SignedClient Client(Options options, int concurrency) =>
            new(
                SignedClient.CreateHttp(concurrency),
                options.Require("endpoint").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(e => new Uri(e)).ToArray(),
                new Credentials(options.Get("access-key", "bench"), options.Get("secret-key", "bench-secret")),
                options.Get("region", "us-east-1"));
    }
}
