using LocalSail.Server.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Server.Tests.Storage.Sqlite;

public sealed class SqliteDatabaseTests : IDisposable
{
    private static readonly SqliteMigration Notes = new(1, "notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);");
    private readonly string _directory = Directory.CreateTempSubdirectory("localsail-db-").FullName;
    private readonly SqliteDatabase _database;

    public SqliteDatabaseTests() =>
        _database = new SqliteDatabase(Path.Combine(_directory, "test.db"), durable: true, [Notes], NullLogger<SqliteDatabase>.Instance);

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static long Insert(SqliteConnection connection, SqliteTransaction transaction, string text)
    {
        using var command = SqliteDatabase.Command(connection, "INSERT INTO notes (text) VALUES ($text) RETURNING id", transaction);
        command.Parameters.AddWithValue("$text", text);
        return (long)command.ExecuteScalar()!;
    }

    private List<string> Texts()
    {
        using var connection = _database.OpenRead();
        using var command = SqliteDatabase.Command(connection, "SELECT text FROM notes ORDER BY id");
        using var reader = command.ExecuteReader();
        var texts = new List<string>();
        while (reader.Read())
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    [Fact]
    public async Task A_write_that_throws_leaves_nothing_behind_and_its_exception_reaches_the_caller()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => _database.WriteAsync<long>((connection, transaction) =>
        {
            Insert(connection, transaction, "half done");
            throw new InvalidOperationException("refused");
        }, CancellationToken.None));

        Assert.Equal("refused", failure.Message);
        Assert.Empty(Texts());
        Assert.Equal(1, await _database.WriteAsync((connection, transaction) => Insert(connection, transaction, "next"), CancellationToken.None));
    }

    [Fact]
    public async Task Writes_queued_behind_a_commit_are_committed_together_and_one_failure_undoes_only_itself()
    {
        using var firstRunning = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var first = Task.Run(() => _database.WriteAsync((connection, transaction) =>
        {
            firstRunning.Set();
            releaseFirst.Wait();
            return Insert(connection, transaction, "first");
        }, CancellationToken.None));
        firstRunning.Wait();

        // These queue while the first write holds the writer, so the next writer runs them as one batch.
        var second = _database.WriteAsync((connection, transaction) => Insert(connection, transaction, "second"), CancellationToken.None);
        var duplicate = _database.WriteAsync((connection, transaction) =>
        {
            Insert(connection, transaction, "only in the failed write");
            return Insert(connection, transaction, "second");
        }, CancellationToken.None);
        var third = _database.WriteAsync((connection, transaction) => Insert(connection, transaction, "third"), CancellationToken.None);
        releaseFirst.Set();

        Assert.Equal(1, await first);
        Assert.Equal(2, await second);
        await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        Assert.True(await third > 2);
        Assert.Equal(["first", "second", "third"], Texts());
    }

    [Fact]
    public async Task Many_concurrent_writers_each_get_their_own_result()
    {
        var writes = Enumerable.Range(0, 200)
            .Select(i => Task.Run(() => _database.WriteAsync((connection, transaction) => (i, Insert(connection, transaction, $"note {i}")), CancellationToken.None)))
            .ToList();

        var results = await Task.WhenAll(writes);

        Assert.Equal(200, results.Select(r => r.Item2).Distinct().Count());
        var texts = Texts();
        Assert.All(results, r => Assert.Equal($"note {r.i}", texts[(int)r.Item2 - 1]));
    }
}
