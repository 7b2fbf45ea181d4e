namespace LocalSail.Server.Storage.Postgres;

/// <summary>
/// Makes sure every node encrypts access key secrets with the same secret key: the first node to open the database
/// records its key's fingerprint, and a node whose data directory holds another key refuses to start, saying so,
/// rather than failing to verify every signature later.
/// </summary>
internal static class PostgresStoreIdentity
{
    public static void Verify(PostgresDatabase database, SecretProtector secrets, string secretKeyPath)
    {
        var fingerprint = secrets.Fingerprint();
        using var connection = database.DataSource.OpenConnection();
        using (var record = PostgresDatabase.Command(connection,
            "INSERT INTO store_identity (secret_key_fingerprint, created_at) VALUES (@fingerprint, @at) ON CONFLICT (singleton) DO NOTHING"))
        {
            record.With("fingerprint", fingerprint).With("at", DateTimeOffset.UtcNow).ExecuteNonQuery();
        }

        using var read = PostgresDatabase.Command(connection, "SELECT secret_key_fingerprint FROM store_identity");
        if ((string?)read.ExecuteScalar() != fingerprint)
        {
            throw new InvalidOperationException(
                $"The secret key {secretKeyPath} is not the one the other LocalSail nodes of this PostgreSQL database use: " +
                "copy the first node's secret.key into this node's data directory (every node needs the same key to read access key secrets).");
        }
    }
}
