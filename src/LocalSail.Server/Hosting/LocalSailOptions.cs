using Microsoft.Extensions.Configuration;

namespace LocalSail.Server.Hosting;

/// <summary>
/// The server's configuration, bound once from the <c>LocalSail</c> section: the <c>LOCALSAIL_*</c>
/// environment variables and the command line (see <see cref="LocalSailConfiguration"/>). Each setting's
/// default is stated here and nowhere else; its <see cref="SettingAttribute"/> gives the text users read,
/// its name gives the command-line option (<c>--data-dir</c>) and the variable (<c>LOCALSAIL_DATA_DIR</c>).
/// </summary>
public sealed class LocalSailOptions
{
    public const string SectionName = "LocalSail";

    [Setting("The address to listen on. Anything but loopback needs explicit credentials.")]
    public string Host { get; set; } = "127.0.0.1";

    [Setting("The port for both APIs (0 picks a free one).")]
    public int Port { get; set; } = 4570;

    [ConfigurationKeyName("DataDir")]
    [Setting("Where the database, the secret key and the object bytes are kept.", Default = "$XDG_DATA_HOME/localsail or ~/.local/share/localsail")]
    public string? DataDirectory { get; set; }

    [Setting("Keep nothing: a throwaway store (in /dev/shm where present), deleted at exit.")]
    public bool InMemory { get; set; }

    /// <summary>
    /// Where metadata (buckets, keys, operations, objects' rows) is kept: the embedded SQLite database of the data
    /// directory, or a PostgreSQL database that any number of LocalSail nodes share.
    /// </summary>
    [Setting("Where metadata is kept: Sqlite (in the data directory) or Postgres (a PostgreSQL database several nodes can share; needs --postgres-connection).")]
    public MetadataStore Store { get; set; } = MetadataStore.Sqlite;

    /// <summary>The Npgsql connection string of the PostgreSQL database, with <see cref="Store"/> <c>Postgres</c>.</summary>
    [Setting("The PostgreSQL connection string (Host=...;Database=...;Username=...), with --store Postgres.")]
    public string? PostgresConnection { get; set; }

    /// <summary>
    /// Where object bytes are kept: files in the data directory (which several nodes may mount), or objects of a bucket
    /// in an existing S3-compatible store. Metadata, listings and versions stay in the metadata store either way.
    /// </summary>
    [Setting("Where object bytes are kept: FileSystem (the data directory, local or a shared mount) or S3 (a bucket of an S3-compatible store; needs --blob-s3-bucket).")]
    public BlobStoreKind BlobStore { get; set; } = BlobStoreKind.FileSystem;

    [Setting("The S3-compatible store's endpoint (http://host:port) for --blob-store S3; AWS S3 itself when not given.")]
    public string? BlobS3Endpoint { get; set; }

    [Setting("The bucket that keeps the object bytes, with --blob-store S3 (it must exist).")]
    public string? BlobS3Bucket { get; set; }

    [Setting("A key prefix for everything LocalSail writes in that bucket, with --blob-store S3.")]
    public string BlobS3Prefix { get; set; } = string.Empty;

    [Setting("The region to sign requests to that store for, with --blob-store S3.")]
    public string BlobS3Region { get; set; } = "us-east-1";

    [Setting("The access key id for that store (else the AWS SDK's usual credential sources).", EnvironmentOnly = true)]
    public string? BlobS3AccessKeyId { get; set; }

    [Setting("The secret for that store's access key id.", EnvironmentOnly = true)]
    public string? BlobS3SecretAccessKey { get; set; }

    [Setting("The region shown in the printed examples and used when a request does not say one.")]
    public string Region { get; set; } = "us-east-1";

    [Setting("The base host of virtual-hosted-style S3 addresses (<bucket>.<s3-host>).")]
    public string S3Host { get; set; } = "s3.localhost.localsail.dev";

    [Setting("Which thread runs a request: Inline (on the thread that reads the socket, fewest thread switches), ThreadPool (in parallel on every CPU), or Auto (Inline when the process has one CPU).")]
    public RequestScheduling Scheduling { get; set; } = RequestScheduling.Auto;

    [Setting("Log every request: API, operation, bucket, access key id, status and duration (never a secret).")]
    public bool Verbose { get; set; }

    [Setting("The account's root access key id (16 to 128 letters and digits).", EnvironmentOnly = true)]
    public string? AccessKeyId { get; set; }

    [Setting("The account's root secret (at least 16 characters).", EnvironmentOnly = true)]
    public string? SecretAccessKey { get; set; }

    [Setting("The 12-digit account id.", EnvironmentOnly = true, Default = AccountCredentials.DevelopmentAccountId)]
    public string? AccountId { get; set; }

    /// <summary>
    /// More accounts, each with its own root key, as <c>account-id:access-key-id:secret-access-key</c>: each sees
    /// only its own buckets and keys, and reads another's bucket where that bucket lists it in
    /// <c>readonlyAccessAccounts</c>. The first account (above) keeps the console, the reset and the metrics.
    /// </summary>
    [Setting("More accounts, comma-separated, each account-id:access-key-id:secret-access-key.", EnvironmentOnly = true)]
    public string[] Accounts { get; set; } = [];

    /// <summary>The largest Lightsail API request body accepted.</summary>
    public int MaxApiRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Host names the operator surface (<c>/_localsail/</c>: health, metrics, reset and the console) answers to
    /// besides the address the server listens on (and <c>localhost</c> on loopback): the name a reverse proxy or
    /// a container network gives it. A request with any other <c>Host</c> is refused, so that no web page can
    /// reach the surface through DNS rebinding.
    /// </summary>
    [Setting("More host names that /_localsail/ (health, metrics, reset, console) answers to, besides the listen address: a proxy's or a container network's name.")]
    public string[] OperatorHosts { get; set; } = [];

    /// <summary>
    /// A bearer token (<c>Authorization: Bearer ...</c>, at least 16 characters) that opens
    /// <c>/_localsail/metrics</c> when the server listens beyond loopback. A request signed with the account's
    /// root key is accepted too. On loopback the metrics are open.
    /// </summary>
    [Setting("A bearer token (at least 16 characters) that opens /_localsail/metrics beyond loopback.", EnvironmentOnly = true)]
    public string? MetricsToken { get; set; }

    /// <summary>Serve <c>/_localsail/metrics</c> to anyone who reaches the port, even beyond loopback.</summary>
    [Setting("Serve /_localsail/metrics to anyone who reaches the port, even beyond loopback.")]
    public bool PublicMetrics { get; set; }

    /// <summary>
    /// Allow <c>POST /_localsail/reset</c> (which empties the store) although the server listens beyond loopback
    /// and keeps its data. It is allowed on loopback and with <see cref="InMemory"/> without this, and it always
    /// needs the account's root credentials or a console session.
    /// </summary>
    [Setting("Allow POST /_localsail/reset (it empties the store) beyond loopback; it always needs the root credentials or the console.")]
    public bool AllowReset { get; set; }

    /// <summary>
    /// Encrypt every new object at rest (SSE-S3, as S3 does) unless the request names a customer key. When false, new
    /// objects are stored as they are, unless the request asks for encryption (<c>x-amz-server-side-encryption</c>
    /// or a customer key): for data on a volume that is already encrypted, where large reads are worth more than a
    /// second layer (the cost is in docs/PERFORMANCE.md). Objects already stored are read as they were written.
    /// </summary>
    [ConfigurationKeyName("EncryptObjects")]
    [Setting("Encrypt new objects at rest (SSE-S3) unless a request asks otherwise; --encrypt-objects false stores them as sent unless a request asks for encryption.")]
    public bool EncryptObjects { get; set; } = true;

    /// <summary>Serve the web console at <c>/_localsail/console</c>.</summary>
    [ConfigurationKeyName("Console")]
    [Setting("Serve the web console at /_localsail/console (--console false turns it off).")]
    public bool ConsoleEnabled { get; set; } = true;

    /// <summary>
    /// How often every bucket's size and object count are sampled and recorded (for the console's charts,
    /// <c>GetBucketMetricData</c> and the metrics' gauges). Zero stops sampling.
    /// </summary>
    [Setting("How often each bucket's size and object count are recorded, for the console's charts and GetBucketMetricData (0 stops it).")]
    public TimeSpan UsageSampleInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long recorded usage samples are kept.</summary>
    [Setting("How long recorded usage samples are kept.")]
    public TimeSpan UsageSampleRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The data directory actually used.</summary>
    public string ResolveDataDirectory()
    {
        if (!string.IsNullOrWhiteSpace(DataDirectory))
        {
            return Path.GetFullPath(DataDirectory);
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "localsail");
    }
}
