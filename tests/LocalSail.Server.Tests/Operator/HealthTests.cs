using LocalSail.Server.Storage;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.Operator;

/// <summary>/_localsail/health: liveness, readiness with the store's checks, and what curl -f (a container health check) makes of it.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Health_ready_and_live_answer_200_in_JSON_with_the_checks_they_made()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = new OperatorClient(server);

        foreach (var path in new[] { "/_localsail/health", "/_localsail/health/ready" })
        {
            var ready = await client.GetAsync(path);
            Assert.Equal(200, ready.Status);
            Assert.StartsWith("application/json", ready.Header("Content-Type"));
            Assert.Equal("no-store", ready.Header("Cache-Control"));
            Assert.Equal("ready", ready.Json.GetProperty("status").GetString());
            Assert.Equal(
                [("database", "ok"), ("data directory", "ok")],
                ready.Json.GetProperty("checks").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("status").GetString())));
        }

        var live = await client.GetAsync("/_localsail/health/live");
        Assert.Equal(200, live.Status);
        Assert.Equal("live", live.Json.GetProperty("status").GetString());
        Assert.False(live.Json.TryGetProperty("checks", out _));

        var head = await client.SendAsync(HttpMethod.Head, "/_localsail/health");
        Assert.Equal(200, head.Status);
        Assert.Equal(405, (await client.SendAsync(HttpMethod.Post, "/_localsail/health")).Status);
    }

    [Fact]
    public async Task Readiness_answers_503_while_the_data_directory_takes_no_files_and_liveness_stays_200()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = new OperatorClient(server);
        var url = server.EndpointUrl + "/_localsail/health";
        Assert.Equal(0, (await ExternalProcess.RunAsync("curl", ["-fsS", "-o", "/dev/null", url])).ExitCode);

        // Where uploads are received is gone, as when a volume is unmounted.
        var receiving = server.GetService<StorageLayout>().TemporaryDirectory;
        Directory.Delete(receiving, recursive: true);
        try
        {
            var notReady = await client.GetAsync("/_localsail/health");
            Assert.Equal(503, notReady.Status);
            Assert.Equal("not ready", notReady.Json.GetProperty("status").GetString());
            var failing = Assert.Single(notReady.Json.GetProperty("checks").EnumerateArray(), c => c.GetProperty("status").GetString() == "failing");
            Assert.Equal("data directory", failing.GetProperty("name").GetString());
            Assert.Contains("cannot be written", failing.GetProperty("detail").GetString());
            Assert.DoesNotContain(receiving, notReady.Body);

            // curl -f fails on 503, as Docker's and the orchestrators' health checks want.
            Assert.Equal(22, (await ExternalProcess.RunAsync("curl", ["-fsS", "-o", "/dev/null", url])).ExitCode);
            Assert.Equal(200, (await client.GetAsync("/_localsail/health/live")).Status);
        }
        finally
        {
            Directory.CreateDirectory(receiving);
        }

        Assert.Equal(200, (await client.GetAsync("/_localsail/health")).Status);
    }
}
