using Amazon.S3;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// End-to-end S3 tests that each start their own server (xunit makes a new instance for every test), with one
/// bucket made through the Lightsail API, its access key, an AWSSDK.S3 client and a raw HTTP client for it. No
/// test sees another's server or bucket; test classes still run in parallel with each other.
/// </summary>
public abstract class S3BucketTests : IAsyncLifetime
{
    private readonly string _bucketPrefix;
    private RawS3Client? _raw;

    /// <param name="bucketPrefix">How the bucket's name starts, to tell in the server's logs which class made it.</param>
    protected S3BucketTests(string bucketPrefix) => _bucketPrefix = bucketPrefix;

    /// <summary>The running server, with its Lightsail caller.</summary>
    protected S3TestServer Server { get; private set; } = null!;

    /// <summary>The test's bucket.</summary>
    protected string Bucket { get; private set; } = null!;

    /// <summary>The bucket's access key, made through the Lightsail API.</summary>
    protected Credentials AccessKey { get; private set; } = null!;

    /// <summary>AWSSDK.S3 signing with <see cref="AccessKey"/>.</summary>
    protected AmazonS3Client S3 { get; private set; } = null!;

    /// <summary>Plain HTTP to the server, for what the SDK will not send; made on first use.</summary>
    protected RawS3Client Raw => _raw ??= new RawS3Client(Server.Server.Endpoint);

    /// <summary>The stores the server runs on; a subclass runs every test on others.</summary>
    protected virtual StoreSetup Setup => StoreSetup.Embedded;

    public async Task InitializeAsync() => (Server, Bucket, AccessKey, S3) = await S3TestServer.StartWithBucketAsync(_bucketPrefix, Setup);

    public async Task DisposeAsync()
    {
        _raw?.Dispose();
        S3?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
