using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using LocalSail.Signing;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>A running server with helpers to make buckets and keys through the Lightsail API and drive S3 clients.</summary>
public sealed class S3TestServer : IAsyncDisposable
{
    // Every client handed out is disposed with the server, whether or not its caller disposed it.
    private readonly System.Collections.Concurrent.ConcurrentBag<AmazonS3Client> _clients = [];

    private S3TestServer(RunningServer server)
    {
        Server = server;
        Lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
    }

    public RunningServer Server { get; }

    public LightsailCaller Lightsail { get; }

    public string EndpointUrl => Server.EndpointUrl;

    public static async Task<S3TestServer> StartAsync(
        Action<LocalSail.Server.Hosting.LocalSailOptions>? configure = null,
        StoreSetup setup = StoreSetup.Embedded,
        Action<Microsoft.Extensions.Logging.ILoggingBuilder>? configureLogging = null)
    {
        var stores = await StoreSetups.PrepareAsync(setup);
        return new(await RunningServer.StartAsync(
            configure: options =>
            {
                stores(options);
                configure?.Invoke(options);
            },
            configureLogging: configureLogging));
    }

    /// <summary>A running server with one bucket, its access key and an AWSSDK.S3 client signing with that key.</summary>
    public static async Task<(S3TestServer Server, string Bucket, Credentials Key, AmazonS3Client S3)> StartWithBucketAsync(string prefix, StoreSetup setup = StoreSetup.Embedded)
    {
        var server = await StartAsync(setup: setup);
        var bucket = await server.CreateBucketAsync(prefix);
        var key = await server.CreateKeyAsync(bucket);
        return (server, bucket, key, server.S3Client(key));
    }

    public static string UniqueBucketName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 54)];

    public async Task<string> CreateBucketAsync(string prefix)
    {
        var name = UniqueBucketName(prefix);
        await Lightsail.CreateBucketAsync(name);
        return name;
    }

    public Task<Credentials> CreateKeyAsync(string bucket) => Lightsail.CreateAccessKeyAsync(bucket);

    public Task<LightsailReply> DeleteKeyAsync(string bucket, string accessKeyId) =>
        Lightsail.CallAsync("DeleteBucketAccessKey", JsonSerializer.Serialize(new { bucketName = bucket, accessKeyId }));

    /// <summary>An AWSSDK.S3 client signing with <paramref name="credentials"/> for the server's region; disposed with the server.</summary>
    public AmazonS3Client S3Client(Credentials credentials)
    {
        var client = new AmazonS3Client(
            new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey),
            new AmazonS3Config { ServiceURL = EndpointUrl, ForcePathStyle = true, AuthenticationRegion = Server.TestServer.Region, MaxErrorRetry = 0 });
        _clients.Add(client);
        return client;
    }

    public AmazonS3Client RootS3Client() => S3Client(Server.RootCredentials);

    /// <summary>Runs an external client (python3, aws) with only the given credentials in its environment.</summary>
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, Credentials credentials, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var emptyConfig = Path.GetTempFileName();
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey;
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_CONFIG_FILE"] = emptyConfig;
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = emptyConfig;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            return new ProcessResult(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            File.Delete(emptyConfig);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        Lightsail.Dispose();
        await Server.DisposeAsync();
    }
}

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
