using System.Text;
using System.Text.Json;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Testing;
using Xunit.Abstractions;

namespace LocalSail.Server.Tests.Reliability.Mutation;

/// <summary>
/// Seeded mutations of Lightsail calls (JSON values, types, invalid text, structure, headers, signature,
/// framing): every answer a JSON error with <c>__type</c> (or a success), never a 5xx or a hang; no bucket
/// or key made by a refused call.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class LightsailMutationTests(ITestOutputHelper output)
{
    /// <summary>Forms of text that is not text: bytes that are not UTF-8 (overlong, truncated, 0xFF) and escapes of lone surrogates.</summary>
    private static readonly byte[][] InvalidText =
    [
        [(byte)'"', (byte)'a', 0xFF, (byte)'"'],
        [(byte)'"', 0xC0, 0xAF, (byte)'"'],
        [(byte)'"', (byte)'a', 0xE2, 0x82, (byte)'"'],
        [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'],
        .. NastyValues.InvalidJsonEscapes.Select(e => Encoding.ASCII.GetBytes($"\"a{e}\"")),
    ];

    [Fact]
    public async Task Mutated_Lightsail_requests_answer_well_formed_json_errors_and_create_nothing()
    {
        var seeds = BatteryMode.Scale(bounded: 1, @long: 8);
        var casesPerSeed = BatteryMode.Scale(bounded: 500, @long: 500);
        await using var server = await BatteryServer.StartAsync();
        var target = new LightsailTarget(server.Endpoint, await server.CreateBucketAsync("mutl"), await server.CreateBucketAsync("mutl-logs"), ServerProcess.RootCredentials);
        var before = await BucketNamesAsync(server);
        RawRequest Probe() => RawRequest.Lightsail(server.Endpoint, "GetBucketBundles", "{}"u8.ToArray(), ServerProcess.RootCredentials);
        byte[] probeAnswer;
        using (var first = await server.ConnectAsync())
        {
            await first.SendAsync(Probe().ToBytes());
            probeAnswer = (await first.ReadResponseAsync(MutationRunner.Patience))!.Body;
        }

        var runner = new MutationRunner(server, Probe, probeAnswer);

        var reports = new List<MutationReport>();
        for (var s = 0; s < seeds; s++)
        {
            var seed = BatteryMode.Seed + s;
            var report = await runner.RunAsync(LightsailCases.Generate(target, seed, casesPerSeed, firstIndex: s * casesPerSeed));
            output.WriteLine($"{BatteryMode.Replay(seed)}: {report}");
            reports.Add(report);
        }

        // A bucket exists only if the setup or a call answered with success made it.
        var created = reports.SelectMany(r => r.Acknowledged)
            .Where(a => a.Answer.Status == 200 && a.Answer.Text.Contains("\"bucket\"", StringComparison.Ordinal))
            .Select(a => JsonDocument.Parse(a.Answer.Body).RootElement)
            .Where(json => json.TryGetProperty("bucket", out _))
            .Select(json => json.GetProperty("bucket").GetProperty("name").GetString()!)
            .ToHashSet();
        var unacknowledged = (await BucketNamesAsync(server)).Where(name => !before.Contains(name) && !created.Contains(name)).ToList();
        var failures = reports.SelectMany(r => r.Failures).ToList();
        output.WriteLine($"{reports.Sum(r => r.Sent)} mutated Lightsail requests, {failures.Count} failures, {reports.Sum(r => r.ServerErrors)} server errors, {reports.Sum(r => r.Hangs)} hangs, {created.Count} buckets created by accepted calls");
        foreach (var failure in failures.Take(200))
        {
            output.WriteLine(failure);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures ({BatteryMode.Replay(BatteryMode.Seed)}):\n" + string.Join("\n\n", failures.Take(15)));
        Assert.True(unacknowledged.Count == 0, "buckets made by calls that were refused: " + string.Join(", ", unacknowledged));
        Assert.Empty(server.UnexpectedFailures());
    }

    [Fact]
    public async Task Invalid_text_in_any_string_member_of_any_operation_is_a_json_error()
    {
        await using var server = await BatteryServer.StartAsync();
        var target = new LightsailTarget(server.Endpoint, await server.CreateBucketAsync("text"), await server.CreateBucketAsync("text-logs"), ServerProcess.RootCredentials);
        var bodies = LightsailCases.Bodies(target, "text-fresh");

        // The bodies give every string member of every input shape, so that none is left out.
        var given = bodies.SelectMany(b => LightsailCases.StringValues(b.Body).Select(v => $"{b.Operation}.{v.Path}")).ToHashSet();
        var declared = typeof(LightsailShapes).GetFields()
            .Select(f => f.GetValue(null))
            .OfType<Shape>()
            .Where(shape => shape.Type == ShapeType.Structure && shape.Name.EndsWith("Request", StringComparison.Ordinal))
            .SelectMany(shape => StringMembers(shape).Select(path => $"{shape.Name[..^"Request".Length]}.{path}"))
            .ToList();
        var missing = declared.Where(path => !given.Contains(path)).ToList();
        Assert.True(missing.Count == 0, "string members no body gives: " + string.Join(", ", missing));

        var failures = new List<string>();
        var sent = 0;
        var connection = await server.ConnectAsync();
        foreach (var (operation, body) in bodies)
        {
            foreach (var (path, value) in LightsailCases.StringValues(body))
            {
                foreach (var invalid in InvalidText)
                {
                    var request = RawRequest.Lightsail(server.Endpoint, operation, LightsailCases.WithRaw(body, value, invalid), ServerProcess.RootCredentials);
                    await connection.SendAsync(request.ToBytes());
                    var answer = await connection.ReadResponseAsync(MutationRunner.Patience);
                    sent++;
                    var problem = answer is null ? "no answer" : answer.Status != 400 ? $"{answer.Status}" : MutationRunner.LightsailErrorProblem(answer);
                    if (problem is not null)
                    {
                        failures.Add($"{operation}.{path} = {Convert.ToHexString(invalid)}: {problem} {answer}");
                    }

                    if (answer is null || answer.ClosesConnection || connection.ClosedByServer)
                    {
                        connection.Dispose();
                        connection = await server.ConnectAsync();
                    }
                }
            }
        }

        connection.Dispose();
        output.WriteLine($"{sent} calls with invalid text in {declared.Count} string members, {failures.Count} not answered with a 400 JSON error");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent}:\n{string.Join('\n', failures.Take(15))}");
        Assert.Empty(server.UnexpectedFailures());
    }

    private static IEnumerable<string> StringMembers(Shape shape, string path = "") => shape.Type switch
    {
        ShapeType.Structure => shape.Members.SelectMany(m => StringMembers(m.Shape, path.Length == 0 ? m.Name : $"{path}.{m.Name}")),
        ShapeType.List => StringMembers(shape.Member!, path + "[]"),
        ShapeType.String => [path],
        _ => [],
    };

    private static async Task<HashSet<string>> BucketNamesAsync(BatteryServer server)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await server.Lightsail.CallOkAsync("GetBuckets", token is null ? "{}" : JsonSerializer.Serialize(new { pageToken = token }));
            names.UnionWith(page.GetProperty("buckets").EnumerateArray().Select(b => b.GetProperty("name").GetString()!));
            token = page.TryGetProperty("nextPageToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null);
        return names;
    }
}
