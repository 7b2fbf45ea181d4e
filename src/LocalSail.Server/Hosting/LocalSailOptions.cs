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
