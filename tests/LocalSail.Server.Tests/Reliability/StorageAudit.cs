using Microsoft.Data.Sqlite;

namespace LocalSail.Server.Tests.Reliability;

/// <summary>
/// What a data directory holds that it should not: object files no row refers to (or of a bucket that is
/// gone), rows of buckets that are gone, rows whose file is missing (bytes lost), and leftover upload
/// files. Read from the files and the database as they are, while the server runs (SQLite's WAL lets a
/// reader in beside it).
/// </summary>
public sealed record StorageAudit(
    IReadOnlyList<string> OrphanFiles,
    IReadOnlyList<string> OrphanRows,
    IReadOnlyList<string> MissingFiles,
    IReadOnlyList<string> TemporaryFiles)
{
    public bool IsClean => OrphanFiles.Count + OrphanRows.Count + MissingFiles.Count + TemporaryFiles.Count == 0;

    public static StorageAudit Of(string dataDirectory)
    {
        var live = new HashSet<string>(StringComparer.Ordinal);
        var referenced = new HashSet<(string Bucket, string Blob)>();
        var orphanRows = new List<string>();
        using var database = DatabaseView.Of(dataDirectory);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = database.Path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString()))
        {
            connection.Open();
            using var transaction = connection.BeginTransaction();
            foreach (var row in Query(connection, transaction, "SELECT id FROM buckets"))
            {
                live.Add(row[0]!);
            }

            foreach (var row in Query(connection, transaction,
                "SELECT bucket_id, blob FROM s3_objects WHERE blob IS NOT NULL " +
                "UNION ALL SELECT u.bucket_id, p.blob FROM s3_parts p JOIN s3_uploads u ON u.upload_id = p.upload_id"))
            {
                referenced.Add((row[0]!, row[1]!));
            }

            foreach (var row in Query(connection, transaction,
                "SELECT 's3_objects', bucket_id || '/' || key, bucket_id FROM s3_objects " +
                "UNION ALL SELECT 's3_uploads', bucket_id || '/' || upload_id, bucket_id FROM s3_uploads"))
            {
                if (!live.Contains(row[2]!))
                {
                    orphanRows.Add($"{row[0]} {row[1]}");
                }
            }

            orphanRows.AddRange(Query(connection, transaction,
                "SELECT 's3_parts ' || upload_id || '/' || part_number FROM s3_parts WHERE upload_id NOT IN (SELECT upload_id FROM s3_uploads)")
                .Select(row => row[0]!));
            orphanRows.AddRange(Query(connection, transaction,
                "SELECT 'access_keys ' || access_key_id FROM access_keys WHERE bucket_name NOT IN (SELECT name FROM buckets)")
                .Select(row => row[0]!));
        }

        var objects = Path.Combine(dataDirectory, "objects");
        var present = new HashSet<(string Bucket, string Blob)>();
        var orphanFiles = new List<string>();
        foreach (var bucketDirectory in Directory.Exists(objects) ? Directory.EnumerateDirectories(objects) : [])
        {
            var bucket = Path.GetFileName(bucketDirectory);
            var files = Directory.EnumerateFiles(bucketDirectory, "*", SearchOption.AllDirectories).ToList();
            if (!live.Contains(bucket) && files.Count == 0)
            {
                orphanFiles.Add($"objects/{bucket}/ (directory of a deleted bucket)");
            }

            foreach (var file in files)
            {
                var blob = Path.GetFileName(file);
                present.Add((bucket, blob));
                if (!live.Contains(bucket) || !referenced.Contains((bucket, blob)))
                {
                    orphanFiles.Add(Path.GetRelativePath(dataDirectory, file));
                }
            }
        }

        var missing = referenced.Where(r => live.Contains(r.Bucket) && !present.Contains(r)).Select(r => $"objects/{r.Bucket}/{r.Blob}").ToList();
        var temporary = Path.Combine(dataDirectory, "tmp");
        var leftovers = Directory.Exists(temporary) ? Directory.EnumerateFiles(temporary).Select(f => Path.GetRelativePath(dataDirectory, f)).ToList() : [];
        return new StorageAudit(orphanFiles, orphanRows, missing, leftovers);
    }

    /// <summary>
    /// Audits until the directory is clean or <paramref name="patience"/> has passed (a server may finish
    /// an interrupted delete in the background after it starts); the last audit.
    /// </summary>
    public static async Task<StorageAudit> WhenCleanAsync(string dataDirectory, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var audit = Of(dataDirectory);
            if (audit.IsClean || DateTime.UtcNow > deadline)
            {
                return audit;
            }

            await Task.Delay(250);
        }
    }

    public override string ToString()
    {
        static string List(string name, IReadOnlyList<string> items) =>
            items.Count == 0 ? string.Empty : $"\n{items.Count} {name}:\n  " + string.Join("\n  ", items.Take(20)) + (items.Count > 20 ? "\n  ..." : string.Empty);

        return IsClean
            ? "clean"
            : List("orphan file(s)", OrphanFiles) + List("orphan row(s)", OrphanRows) + List("missing file(s)", MissingFiles) + List("leftover upload file(s)", TemporaryFiles);
    }

    /// <summary>
    /// The database file to open. SQLite resolves the links in a path, so a data directory seen through
    /// another mount namespace (<c>/proc/&lt;pid&gt;/root/...</c>) cannot be opened in place: it is read
    /// from a copy of the database and its log, taken while the server is idle.
    /// </summary>
    private sealed class DatabaseView : IDisposable
    {
        private readonly string? _copy;

        private DatabaseView(string path, string? copy)
        {
            Path = path;
            _copy = copy;
        }

        public string Path { get; }

        public static DatabaseView Of(string dataDirectory)
        {
            var database = System.IO.Path.Combine(dataDirectory, "localsail.db");
            if (!dataDirectory.StartsWith("/proc/", StringComparison.Ordinal))
            {
                return new DatabaseView(database, null);
            }

            var copy = Directory.CreateTempSubdirectory("localsail-audit-").FullName;
            foreach (var suffix in new[] { string.Empty, "-wal" })
            {
                if (File.Exists(database + suffix))
                {
                    File.Copy(database + suffix, System.IO.Path.Combine(copy, "localsail.db" + suffix));
                }
            }

            return new DatabaseView(System.IO.Path.Combine(copy, "localsail.db"), copy);
        }

        public void Dispose()
        {
            if (_copy is not null)
            {
                Directory.Delete(_copy, recursive: true);
            }
        }
    }

    private static IEnumerable<string?[]> Query(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            }

            rows.Add(row);
        }

        return rows;
    }
}
