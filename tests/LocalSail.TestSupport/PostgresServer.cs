using System.Diagnostics;
using Npgsql;

namespace LocalSail.Testing;

/// <summary>
/// A PostgreSQL server for tests: the one <c>LOCALSAIL_TEST_POSTGRES</c> names (a connection string whose user may
/// create databases), else a throwaway cluster made with the installed PostgreSQL's <c>initdb</c> in a temporary
/// directory, listening on a Unix socket there only, shared by every test of the process and removed at its exit.
/// Each caller gets a database of its own (<see cref="CreateDatabaseAsync"/>).
/// </summary>
public sealed class PostgresServer
{
    public const string ConnectionVariable = "LOCALSAIL_TEST_POSTGRES";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);
    private readonly string _adminConnection;

    private PostgresServer(string adminConnection) => _adminConnection = adminConnection;

    /// <summary>The process's PostgreSQL, started on first use.</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>A new empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "localsail_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(_adminConnection))
        {
            await connection.OpenAsync();
            // A name made here of hex digits, not input: CREATE DATABASE takes no parameters.
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_adminConnection) { Database = name, Pooling = true }.ConnectionString;
    }

    private static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } configured)
        {
            return new PostgresServer(configured);
        }

        var bin = FindBinaries();
        var root = Path.Combine(Path.GetTempPath(), "localsail-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var data = Path.Combine(root, "data");
        // PostgreSQL refuses to run as root: there, the cluster belongs to the postgres user the package creates.
        var runAs = Environment.UserName == "root" ? new[] { "runuser", "-u", "postgres", "--" } : [];
        if (runAs.Length > 0)
        {
            await RunAsync(["chown", "postgres", root]);
        }

        await RunAsync([.. runAs, Path.Combine(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"], root);
        await RunAsync([.. runAs, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(root, "log"), "-w", "-t", "60", "start",
            "-o", $"-c listen_addresses='' -c unix_socket_directories={root} -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"], root);
        string[] stop = [.. runAs, Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"];
        // Stopped and removed once the test process is gone, even when it ends without its exit handlers.
        TestProcessWatchdog.RunWhenGone(["sh", "-c", $"{string.Join(' ', stop.Select(a => "'" + a + "'"))}; rm -rf '{root}'"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Run(stop, root).WaitForExit(30_000);
            for (var attempt = 0; attempt < 3 && Directory.Exists(root); attempt++)
            {
                try
                {
                    Directory.Delete(root, recursive: true);
                }
                catch (IOException)
                {
                    // A file the stopping server still wrote; once more.
                    Thread.Sleep(200);
                }
            }
        };

        return new PostgresServer(new NpgsqlConnectionStringBuilder { Host = root, Username = "postgres", Database = "postgres", Pooling = false }.ConnectionString);
    }

    /// <summary>The newest installed PostgreSQL's programs (Debian keeps them in /usr/lib/postgresql/VERSION/bin).</summary>
    private static string FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
            : [];
        return versions.Count > 0
            ? Path.Combine(versions[0], "bin")
            : throw new InvalidOperationException(
                $"No PostgreSQL server is installed (apt-get install postgresql), and {ConnectionVariable} names none to use.");
    }

    private static async Task RunAsync(string[] command, string? workingDirectory = null)
    {
        using var process = Run(command, workingDirectory ?? Path.GetTempPath());
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    // In a directory the postgres user may enter, which the test's own may not be.
    private static Process Run(string[] command, string workingDirectory)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start.");
    }
}
