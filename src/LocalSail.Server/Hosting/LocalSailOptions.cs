namespace LocalSail.Server.Hosting;

/// <summary>The server's configuration, bound from the <c>LocalSail</c> section, the environment and the command line.</summary>
public sealed class LocalSailOptions
{
    public const string SectionName = "LocalSail";

    /// <summary>The address to listen on.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 picks a free one.</summary>
    public int Port { get; set; } = 4570;

    /// <summary>Where metadata and object bytes are kept. Defaults to <c>$XDG_DATA_HOME/localsail</c> (or <c>~/.local/share/localsail</c>).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Keep everything in memory and a temporary directory, gone at exit.</summary>
    public bool InMemory { get; set; }

    /// <summary>The region shown in printed examples and used when a request does not say one.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The account's root access key id (<c>LOCALSAIL_ACCESS_KEY_ID</c>).</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>The account's root secret (<c>LOCALSAIL_SECRET_ACCESS_KEY</c>).</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>The 12-digit account id (<c>LOCALSAIL_ACCOUNT_ID</c>).</summary>
    public string? AccountId { get; set; }

    /// <summary>The base host of virtual-hosted-style S3 addresses: <c>&lt;bucket&gt;.&lt;S3Host&gt;</c>.</summary>
    public string S3Host { get; set; } = "s3.localhost.localsail.dev";

    /// <summary>Which thread runs a request: inline on the socket's thread, or on the thread pool.</summary>
    public RequestScheduling Scheduling { get; set; } = RequestScheduling.Auto;

    /// <summary>The largest Lightsail API request body accepted.</summary>
    public int MaxApiRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Host names the operator surface (<c>/_localsail/</c>: health, metrics, reset and the console) answers to
    /// besides the address the server listens on (and <c>localhost</c> on loopback): the name a reverse proxy or
    /// a container network gives it. A request with any other <c>Host</c> is refused, so that no web page can
    /// reach the surface through DNS rebinding.
    /// </summary>
    public string[] OperatorHosts { get; set; } = [];

    /// <summary>
    /// A bearer token (<c>Authorization: Bearer ...</c>, at least 16 characters) that opens
    /// <c>/_localsail/metrics</c> when the server listens beyond loopback. A request signed with the account's
    /// root key is accepted too. On loopback the metrics are open.
    /// </summary>
    public string? MetricsToken { get; set; }

    /// <summary>Serve <c>/_localsail/metrics</c> to anyone who reaches the port, even beyond loopback.</summary>
    public bool PublicMetrics { get; set; }

    /// <summary>
    /// Allow <c>POST /_localsail/reset</c> (which empties the store) although the server listens beyond loopback
    /// and keeps its data. It is allowed on loopback and with <see cref="InMemory"/> without this, and it always
    /// needs the account's root credentials or a console session.
    /// </summary>
    public bool AllowReset { get; set; }

    /// <summary>Serve the web console at <c>/_localsail/console</c>.</summary>
    public bool ConsoleEnabled { get; set; } = true;

    /// <summary>
    /// How often every bucket's size and object count are sampled and recorded (for the console's charts,
    /// <c>GetBucketMetricData</c> and the metrics' gauges). Zero stops sampling.
    /// </summary>
    public TimeSpan UsageSampleInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long recorded usage samples are kept.</summary>
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
