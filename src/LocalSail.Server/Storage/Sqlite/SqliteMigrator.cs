using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Storage.Sqlite;

internal static class SqliteMigrator
{
    public static void Apply(SqliteConnection connection, IEnumerable<SqliteMigration> migrations, ILogger logger)
    {
        using (var create = SqliteDatabase.Command(connection,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"))
        {
            create.ExecuteNonQuery();
        }

        var applied = new HashSet<int>();
        using (var read = SqliteDatabase.Command(connection, "SELECT version FROM schema_migrations"))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            if (applied.Contains(migration.Version))
            {
                continue;
            }

            using var transaction = connection.BeginTransaction();
            using (var apply = SqliteDatabase.Command(connection, migration.Sql, transaction))
            {
                apply.ExecuteNonQuery();
            }

            using (var record = SqliteDatabase.Command(connection,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $at)", transaction))
            {
                record.Parameters.AddWithValue("$version", migration.Version);
                record.Parameters.AddWithValue("$name", migration.Name);
                record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
                record.ExecuteNonQuery();
            }

            transaction.Commit();
            logger.LogDebug("Applied schema migration {Version} {Name}", migration.Version, migration.Name);
        }
    }
}
