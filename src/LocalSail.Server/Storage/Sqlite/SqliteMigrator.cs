using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Storage.Sqlite;

internal static class SqliteMigrator
{
    /// <summary>
    /// Applies the migrations not yet applied (statements compiled once, not kept), all in one transaction: the schema moves to the newest
    /// version or stays where it was, and a new database costs one commit rather than one per migration.
    /// </summary>
    public static void Apply(SqliteConnection connection, IEnumerable<SqliteMigration> migrations, ILogger logger)
    {
        using (var create = SqliteDatabase.OneOffCommand(connection,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"))
        {
            create.ExecuteNonQuery();
        }

        var applied = new HashSet<int>();
        using (var read = SqliteDatabase.OneOffCommand(connection, "SELECT version FROM schema_migrations"))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var pending = migrations.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        var at = DateTimeOffset.UtcNow.ToString("O");
        foreach (var migration in pending)
        {
            using (var apply = SqliteDatabase.OneOffCommand(connection, migration.Sql, transaction))
            {
                apply.ExecuteNonQuery();
            }

            using (var record = SqliteDatabase.OneOffCommand(connection,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $at)", transaction))
            {
                record.Parameters.AddWithValue("$version", migration.Version);
                record.Parameters.AddWithValue("$name", migration.Name);
                record.Parameters.AddWithValue("$at", at);
                record.ExecuteNonQuery();
            }

            logger.LogDebug("Applying schema migration {Version} {Name}", migration.Version, migration.Name);
        }

        transaction.Commit();
    }
}
