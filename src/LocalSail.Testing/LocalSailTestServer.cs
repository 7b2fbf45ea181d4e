using Amazon.Runtime;
using Amazon.S3;
using LocalSail.Client;
using LocalSail.Client.Configuration;
using LocalSail.Lightsail.Model;
using LocalSail.Server.Hosting;
using LocalSail.Signing;

namespace LocalSail.Testing;

/// <summary>
/// A LocalSail server running in the test's own process on 127.0.0.1 and a free port: the Lightsail bucket
/// and access-key API and the S3 endpoint, on one address. It is framework-agnostic; start one per test,
/// class or assembly, and dispose it to stop it and remove what it stored.
/// </summary>
/// <example>
/// <code>
/// await using var server = await LocalSailTestServer.StartAsync();
/// var bucket = await server.CreateBucketWithKeyAsync();
/// using var s3 = server.CreateS3Client(bucket.AccessKey);
/// await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket.Name, Key = "hello.txt", ContentBody = "hello" });
/// </code>
/// </example>
public sealed class LocalSailTestServer : IAsyncDisposable, IDisposable
{
    /// <summary>The bundle buckets are made with when a test does not name one: the smallest.</summary>
    public const string DefaultBundleId = "small_1_0";

    private readonly string? _ownedDataDirectory;
    private int _disposed;

    private LocalSailTestServer(LocalSailServer server, LocalSailOptions options, string? ownedDataDirectory)
    {
        Server = server;
        Options = options;
        _ownedDataDirectory = ownedDataDirectory;
    }

    /// <summary>The address both APIs answer on, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Endpoint => Server.Endpoint;

    /// <summary>
    /// The endpoint without its trailing slash, as the AWS CLI, boto3 (<c>endpoint_url</c>) and the AWS SDK for
    /// .NET (<c>ServiceURL</c>, for <c>AmazonLightsailConfig</c> and <c>AmazonS3Config</c>) take it.
    /// </summary>
    public string EndpointUrl => Server.Endpoint.ToString().TrimEnd('/');

    /// <summary>
    /// The region to sign requests for: <c>AuthenticationRegion</c> in the AWS SDK for .NET's configs. Buckets
    /// are kept per region, so a client that signs for another region sees other buckets.
    /// </summary>
    public string Region => Options.Region;

    /// <summary>The account's root access key: it may call the Lightsail API and reach every bucket over S3.</summary>
    public Credentials RootCredentials => new(Server.Account.AccessKeyId, Server.Account.SecretAccessKey);

    /// <summary>The 12-digit id of the account the server serves (the first, when it serves several).</summary>
    public string AccountId => Server.Account.AccountId;

    /// <summary>
    /// The root key of another account the server serves: one that <see cref="LocalSailOptions.Accounts"/> adds
    /// (<c>account-id:access-key-id:secret-access-key</c>), to test what a bucket's <c>readonlyAccessAccounts</c> allow.
    /// </summary>
    /// <param name="accountId">The account's 12-digit id.</param>
    /// <returns>The account's root access key and secret.</returns>
    /// <exception cref="ArgumentException">The server does not serve that account.</exception>
    public Credentials RootCredentialsOf(string accountId)
    {
        var account = Server.Accounts.FirstOrDefault(a => a.AccountId == accountId)
            ?? throw new ArgumentException($"The server does not serve account {accountId}.", nameof(accountId));
        return new Credentials(account.AccessKeyId, account.SecretAccessKey);
    }

    /// <summary>The options the server runs with.</summary>
    public LocalSailOptions Options { get; }

    /// <summary>The running server itself.</summary>
    public LocalSailServer Server { get; }

    /// <summary>The server's services, to look inside it or replace parts of it in a test.</summary>
    public IServiceProvider Services => Server.Services;

    /// <summary>Starts a server with the test defaults: 127.0.0.1, a free port, development credentials, in memory.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The server, once it listens.</returns>
    public static Task<LocalSailTestServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(new LocalSailTestServerOptions(), cancellationToken);

    /// <summary>Starts a server whose options <paramref name="configure"/> changes after the test defaults.</summary>
    /// <param name="configure">Changes to the server's options, such as its region.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The server, once it listens.</returns>
    public static Task<LocalSailTestServer> StartAsync(Action<LocalSailOptions> configure, CancellationToken cancellationToken = default) =>
        StartAsync(new LocalSailTestServerOptions { Configure = configure }, cancellationToken);

    /// <summary>Starts a server set up by <paramref name="options"/>.</summary>
    /// <param name="options">How to set the server up.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The server, once it listens.</returns>
    /// <exception cref="LocalSailConfigurationException">The options cannot be used; the message says why.</exception>
    public static async Task<LocalSailTestServer> StartAsync(LocalSailTestServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var serverOptions = new LocalSailOptions { Host = "127.0.0.1", Port = 0, InMemory = true };
        options.Configure?.Invoke(serverOptions);
        string? owned = null;
        if (!serverOptions.InMemory && string.IsNullOrWhiteSpace(serverOptions.DataDirectory))
        {
            // Never the user's own data directory: a fresh one, removed at dispose.
            owned = Path.Combine(Path.GetTempPath(), "localsail-test-" + Guid.NewGuid().ToString("N"));
            serverOptions.DataDirectory = owned;
        }

        try
        {
            var server = await LocalSailServer.StartAsync(serverOptions, options.ConfigureServices, options.ConfigureLogging, cancellationToken).ConfigureAwait(false);
            return new LocalSailTestServer(server, serverOptions, owned);
        }
        catch
        {
            DeleteDirectory(owned);
            throw;
        }
    }

    /// <summary>
    /// Starts a server and waits for it: for constructors, such as a test fixture's, that cannot await.
    /// </summary>
    /// <param name="options">How to set the server up; the test defaults when null.</param>
    /// <returns>The server, once it listens.</returns>
    public static LocalSailTestServer Start(LocalSailTestServerOptions? options = null) =>
        Task.Run(() => StartAsync(options ?? new LocalSailTestServerOptions())).GetAwaiter().GetResult();

    /// <summary>Makes a bucket through the Lightsail API, as the account's root.</summary>
    /// <param name="name">The bucket's name; a unique one when null.</param>
    /// <param name="bundleId">The bucket's bundle, from <c>GetBucketBundles</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bucket's name.</returns>
    public async Task<string> CreateBucketAsync(string? name = null, string bundleId = DefaultBundleId, CancellationToken cancellationToken = default)
    {
        name ??= UniqueBucketName();
        using var lightsail = CreateLightsailClient();
        await lightsail.CreateBucketAsync(new CreateBucketRequest { BucketName = name, BundleId = bundleId }, cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>Makes an access key for a bucket through the Lightsail API (a bucket holds at most two).</summary>
    /// <param name="bucketName">The bucket the key is for.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key's id and secret; the secret is given only here.</returns>
    public async Task<Credentials> CreateAccessKeyAsync(string bucketName, CancellationToken cancellationToken = default)
    {
        using var lightsail = CreateLightsailClient();
        var created = await lightsail.CreateBucketAccessKeyAsync(new CreateBucketAccessKeyRequest { BucketName = bucketName }, cancellationToken).ConfigureAwait(false);
        var key = created.AccessKey ?? throw new InvalidOperationException("CreateBucketAccessKey answered without a key.");
        return new Credentials(key.AccessKeyId!, key.SecretAccessKey!);
    }

    /// <summary>Makes a bucket and an access key for it.</summary>
    /// <param name="name">The bucket's name; a unique one when null.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The bucket's name and its key.</returns>
    public async Task<TestBucket> CreateBucketWithKeyAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        var bucket = await CreateBucketAsync(name, DefaultBundleId, cancellationToken).ConfigureAwait(false);
        return new TestBucket(bucket, await CreateAccessKeyAsync(bucket, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// AWSSDK.S3 settings for this server: its <c>ServiceURL</c>, path-style addresses (<c>ForcePathStyle</c>:
    /// no DNS for bucket names) and the <c>AuthenticationRegion</c> to sign for.
    /// </summary>
    /// <returns>A new config, which the caller may change further.</returns>
    public AmazonS3Config CreateS3Config() => new()
    {
        ServiceURL = EndpointUrl,
        ForcePathStyle = true,
        AuthenticationRegion = Region,
    };

    /// <summary>An AWSSDK.S3 client for this server, signing with a bucket's key or, by default, the root key.</summary>
    /// <param name="credentials">The key to sign with; the account's root key when null.</param>
    /// <returns>A new client; dispose it.</returns>
    public AmazonS3Client CreateS3Client(Credentials? credentials = null)
    {
        credentials ??= RootCredentials;
        return new AmazonS3Client(new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey), CreateS3Config());
    }

    /// <summary>
    /// Settings for a <see cref="LightsailClient"/> of this server: the endpoint, the region and the key, and an
    /// empty environment so that the machine's own AWS profiles and variables play no part in a test.
    /// </summary>
    /// <param name="credentials">The key to sign with; the account's root key when null.</param>
    /// <returns>New options, which the caller may change further.</returns>
    public LightsailClientOptions CreateLightsailClientOptions(Credentials? credentials = null) => new()
    {
        Credentials = credentials ?? RootCredentials,
        Region = Region,
        ServiceUrl = Endpoint,
        Environment = AwsEnvironment.FromVariables(new Dictionary<string, string>()),
    };

    /// <summary>A <see cref="LightsailClient"/> of this server.</summary>
    /// <param name="credentials">The key to sign with; the account's root key when null.</param>
    /// <returns>A new client; dispose it.</returns>
    public LightsailClient CreateLightsailClient(Credentials? credentials = null) => new(CreateLightsailClientOptions(credentials));

    /// <summary>A bucket name no other test uses: <c>test-</c> and 16 random hexadecimal digits.</summary>
    /// <returns>The name.</returns>
    public static string UniqueBucketName() => "test-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Stops the server and removes the data directory it made; a second call does nothing.</summary>
    /// <returns>A task that completes once the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Server.StopAsync().ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
        DeleteDirectory(_ownedDataDirectory);
    }

    /// <summary>Stops the server and waits for it, for code that cannot await.</summary>
    public void Dispose() => Task.Run(async () => await DisposeAsync().ConfigureAwait(false)).GetAwaiter().GetResult();

    private static void DeleteDirectory(string? directory)
    {
        if (directory is not null && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
