using System.Net;
using LocalSail.Server.ControlPlane.Protocol;
using Microsoft.Extensions.Options;

namespace LocalSail.Server.Hosting;

/// <summary>
/// Checks options before the server starts, so a wrong value is a sentence that names its option and its
/// variable rather than an exception from deep inside the host.
/// </summary>
public sealed class LocalSailOptionsValidator : IValidateOptions<LocalSailOptions>
{
    public ValidateOptionsResult Validate(string? name, LocalSailOptions options)
    {
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws a <see cref="LocalSailConfigurationException"/> that lists every problem, one a line.</summary>
    public static void ThrowIfInvalid(LocalSailOptions options)
    {
        var failures = Check(options);
        if (failures.Count > 0)
        {
            throw new LocalSailConfigurationException(string.Join(Environment.NewLine, failures));
        }
    }

    /// <summary>Every problem with <paramref name="options"/>, in plain words; empty when they can be used.</summary>
    public static IReadOnlyList<string> Check(LocalSailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void Fail(string property, string problem) => failures.Add($"{LocalSailSetting.Of(property).DisplayName} {problem}");

        if (options.Port is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
        {
            Fail(nameof(options.Port), $"must be a port number from 0 to 65535 (0 picks a free one), not {options.Port}.");
        }

        if (!IsListenAddress(options.Host))
        {
            Fail(nameof(options.Host), $"must be an IP address or localhost, not '{options.Host}'.");
        }

        if (!Enum.IsDefined(options.Scheduling))
        {
            Fail(nameof(options.Scheduling), $"must be one of {string.Join(", ", Enum.GetNames<RequestScheduling>())}, not '{options.Scheduling}'.");
        }

        // The region of the printed examples: one that clients may sign for.
        if (options.Region is null || !LightsailRegions.All.Contains(options.Region))
        {
            Fail(nameof(options.Region), $"must be a Lightsail region ({string.Join(", ", LightsailRegions.All.Order(StringComparer.Ordinal))}), not '{options.Region}'.");
        }

        if (Uri.CheckHostName(options.S3Host) != UriHostNameType.Dns)
        {
            Fail(nameof(options.S3Host), $"must be a host name such as s3.localhost.localsail.dev, not '{options.S3Host}'.");
        }

        if (options.MaxApiRequestBytes < 1024)
        {
            failures.Add($"{nameof(options.MaxApiRequestBytes)} must be at least 1024, not {options.MaxApiRequestBytes}.");
        }

        if (options.MetricsToken is { Length: < 16 })
        {
            Fail(nameof(options.MetricsToken), "must be at least 16 characters.");
        }

        if (options.UsageSampleInterval < TimeSpan.Zero)
        {
            Fail(nameof(options.UsageSampleInterval), $"must not be negative (0 stops sampling), not {options.UsageSampleInterval}.");
        }

        if (options.UsageSampleRetention <= TimeSpan.Zero)
        {
            Fail(nameof(options.UsageSampleRetention), $"must be longer than zero, not {options.UsageSampleRetention}.");
        }

        if (options.OperatorHosts.Any(string.IsNullOrWhiteSpace))
        {
            Fail(nameof(options.OperatorHosts), "must not name an empty host.");
        }

        if (!Enum.IsDefined(options.Store))
        {
            Fail(nameof(options.Store), $"must be one of {string.Join(", ", Enum.GetNames<MetadataStore>())}, not '{options.Store}'.");
        }
        else if (options.Store == MetadataStore.Postgres && PostgresConnectionProblem(options) is { } postgresProblem)
        {
            Fail(nameof(options.PostgresConnection), postgresProblem);
        }
        else if (options.Store == MetadataStore.Sqlite && !string.IsNullOrEmpty(options.PostgresConnection))
        {
            Fail(nameof(options.PostgresConnection), "is used only with --store Postgres (LOCALSAIL_STORE=Postgres).");
        }

        if (options.BlobStore == BlobStoreKind.S3)
        {
            if (string.IsNullOrWhiteSpace(options.BlobS3Bucket))
            {
                Fail(nameof(options.BlobS3Bucket), "is required with --blob-store S3: the bucket that keeps the object bytes.");
            }

            if (!string.IsNullOrEmpty(options.BlobS3Endpoint) && !Uri.TryCreate(options.BlobS3Endpoint, UriKind.Absolute, out _))
            {
                Fail(nameof(options.BlobS3Endpoint), $"must be an absolute URL such as http://127.0.0.1:9000, not '{options.BlobS3Endpoint}'.");
            }

            if (string.IsNullOrEmpty(options.BlobS3AccessKeyId) != string.IsNullOrEmpty(options.BlobS3SecretAccessKey))
            {
                failures.Add($"{LocalSailSetting.Of(nameof(options.BlobS3AccessKeyId)).DisplayName} and {LocalSailSetting.Of(nameof(options.BlobS3SecretAccessKey)).DisplayName} are given together or not at all.");
            }
        }
        else if (!Enum.IsDefined(options.BlobStore))
        {
            Fail(nameof(options.BlobStore), $"must be one of {string.Join(", ", Enum.GetNames<BlobStoreKind>())}, not '{options.BlobStore}'.");
        }

        if (options.Scheduling == RequestScheduling.Inline && options.StoresOverNetwork())
        {
            Fail(nameof(options.Scheduling), "cannot be Inline with --store Postgres or --blob-store S3: a request waiting on that server would hold the socket's thread and every request it serves (Auto uses the thread pool there).");
        }

        if (!options.InMemory && DataDirectoryProblem(options.ResolveDataDirectory()) is { } problem)
        {
            Fail(nameof(options.DataDirectory), problem);
        }

        // The credentials' own rules (pairing, lengths, loopback-only development keys, one key per account) name their variables.
        if (IsListenAddress(options.Host))
        {
            failures.AddRange(ServedAccounts.From(options).Errors);
        }

        return failures;
    }

    private static bool IsListenAddress(string? host) =>
        host is not null && (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host.Trim('[', ']'), out _));

    /// <summary>Why the PostgreSQL store cannot be used as configured, or null when it can.</summary>
    private static string? PostgresConnectionProblem(LocalSailOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PostgresConnection))
        {
            return "is required with --store Postgres: a connection string such as \"Host=db;Database=localsail;Username=localsail\".";
        }

        if (options.InMemory)
        {
            return "cannot be combined with --in-memory: a PostgreSQL store outlives the process, so the secret key of a data directory must too.";
        }

        try
        {
            // Only the syntax here: whether the database answers is known when the server opens it.
            _ = new Npgsql.NpgsqlConnectionStringBuilder(options.PostgresConnection);
            return null;
        }
        catch (ArgumentException ex)
        {
            // The message names the keyword at fault, never the value (which may hold a password).
            return $"is not a valid connection string: {ex.Message}";
        }
    }

    /// <summary>Why the server could not keep its files in <paramref name="path"/>, or null when it can.</summary>
    private static string? DataDirectoryProblem(string path)
    {
        if (File.Exists(path))
        {
            return $"{path} is a file, not a directory.";
        }

        try
        {
            Directory.CreateDirectory(path);
            // Writable is what matters, and only writing says so (permissions, read-only mounts, ACLs).
            using (File.Create(Path.Combine(path, $".write-test-{Guid.NewGuid():N}"), 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return $"{path} cannot be written: permission denied.";
        }
        catch (IOException ex) when (ex is DirectoryNotFoundException or FileNotFoundException)
        {
            return $"{path} cannot be created: the file system there does not allow it.";
        }
        catch (IOException ex)
        {
            return $"{path} cannot be used: {ex.Message}";
        }
    }
}
