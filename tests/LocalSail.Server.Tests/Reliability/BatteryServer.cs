using LocalSail.Server.Tests.DataPlane.EndToEnd;
using LocalSail.Signing;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.Reliability;

/// <summary>
/// A <c>localsail serve</c> process with the clients the battery drives it with: signed Lightsail calls as
/// the root account, signed S3 requests, and raw connections for what clients will not send.
/// </summary>
public sealed class BatteryServer : IAsyncDisposable
{
    private BatteryServer(ServerProcess process)
    {
        Process = process;
        Lightsail = new LightsailCaller(process.Endpoint, ServerProcess.RootCredentials);
        S3 = new RawS3Client(process.Endpoint);
    }

    public ServerProcess Process { get; }

    public LightsailCaller Lightsail { get; }

    public RawS3Client S3 { get; }

    public Uri Endpoint => Process.Endpoint;

    public string DataDirectory => Process.DataDirectory;

    public static async Task<BatteryServer> StartAsync(string? dataDirectory = null, IReadOnlyList<string>? launcher = null) =>
        new(await ServerProcess.StartAsync(dataDirectory, launcher: launcher));

    /// <summary>A new server process on the same data directory, once this one is dead; this one's clients are closed.</summary>
    public async Task<BatteryServer> RestartAsync()
    {
        Lightsail.Dispose();
        S3.Dispose();
        return new BatteryServer(await Process.RestartAsync());
    }

    public string ObjectUrl(string bucket, string key) => $"{Process.EndpointUrl}/{bucket}/{key}";

    public async Task<string> CreateBucketAsync(string prefix, bool versioning = false)
    {
        var name = S3TestServer.UniqueBucketName(prefix);
        await Lightsail.CreateBucketAsync(name, versioning);
        return name;
    }

    public Task<Credentials> CreateKeyAsync(string bucket) => Lightsail.CreateAccessKeyAsync(bucket);

    public Task<RawHttpConnection> ConnectAsync() => RawHttpConnection.OpenAsync(Endpoint);

    /// <summary>
    /// The lines where the server reported a failure it did not expect: an exception that reached the
    /// host (Kestrel answers those with a bare 500 or 400) or an error it logged itself; from output line
    /// <paramref name="since"/> on (a count of <see cref="ServerProcess.Output"/> taken before).
    /// </summary>
    public IReadOnlyList<string> UnexpectedFailures(int since = 0) =>
        Process.Output.Skip(since).Where(line => line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)).ToList();

    public async ValueTask DisposeAsync()
    {
        Lightsail.Dispose();
        S3.Dispose();
        await Process.DisposeAsync();
    }
}
