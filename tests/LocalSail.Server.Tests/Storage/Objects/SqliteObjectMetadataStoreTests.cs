using LocalSail.Server.Objects;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;
using LocalSail.Server.Storage.Sqlite;
using LocalSail.Server.Tests.Objects;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Server.Tests.Storage.Objects;

/// <summary>The SQLite object store's own concerns: its query plans (what every store must do is <see cref="ObjectMetadataStoreContract{TNodes}"/>).</summary>
public sealed class SqliteObjectMetadataStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("localsail-meta-").FullName;
    private readonly SqliteDatabase _database;

    public SqliteObjectMetadataStoreTests()
    {
        _database = new SqliteDatabase(Path.Combine(_directory, "test.db"), durable: false, [ControlPlaneMigrations.Initial, ObjectStoreMigrations.Objects, ObjectStoreMigrations.InlineData, ObjectStoreMigrations.Encryption], NullLogger<SqliteDatabase>.Instance);
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(SqliteObjectMetadataStore.ListFromSql)]
    [InlineData(SqliteObjectMetadataStore.ListAfterSql)]
    public void Listing_is_one_range_scan_of_the_key_index(string sql)
    {
        using var connection = _database.OpenRead();
        using var command = SqliteDatabase.Command(connection, "EXPLAIN QUERY PLAN " + sql);
        foreach (var name in new[] { "$bucket", "$lower", "$end", "$limit" })
        {
            command.Parameters.AddWithValue(name, "x");
        }

        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        // One lower and one upper bound on the key: the seek lands on the page's first row.
        var step = Assert.Single(plan);
        Assert.Contains("USING INDEX s3_objects_listing (bucket_id=? AND key>? AND key<?)", step);
        Assert.DoesNotContain("TEMP B-TREE", step);
        Assert.Single(sql.Split("key >", StringSplitOptions.None).Skip(1));
    }

    [Theory]
    [InlineData("a/", "a0")]
    [InlineData("abc", "abd")]
    [InlineData("", null)]
    public void Prefix_end_is_the_first_key_past_the_prefix(string prefix, string? end) => Assert.Equal(end, KeyOrder.PrefixEnd(prefix));
}
