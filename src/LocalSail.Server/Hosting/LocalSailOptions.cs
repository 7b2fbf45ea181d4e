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
