using System.Reflection;
using LocalSail.Server.Objects;
using LocalSail.Server.Storage.Objects;
using LocalSail.Server.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Server.Tests.DataPlane.Handlers;

/// <summary>A page of a listing reads a bounded number of rows, however many objects the bucket holds.</summary>
public sealed class ObjectListerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("localsail-lister-").FullName;
    private readonly SqliteDatabase _database;
    private readonly SqliteObjectMetadataStore _store;

    public ObjectListerTests()
    {
        _database = new SqliteDatabase(Path.Combine(_directory, "test.db"), durable: false, [ControlPlaneMigrations.Initial, ObjectStoreMigrations.Objects, ObjectStoreMigrations.InlineData, ObjectStoreMigrations.Encryption], NullLogger<SqliteDatabase>.Instance);
        _store = new SqliteObjectMetadataStore(_database);
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task SeedAsync(int keysPerPrefix)
    {
        await _database.WriteAsync((connection, transaction) =>
        {
            using var insert = SqliteDatabase.Command(connection,
                "INSERT INTO s3_objects (bucket_id, key, version_id, is_latest, is_delete_marker, size, etag, last_modified, blob, headers, acl, tags) " +
                "VALUES ('b', $key, 'null', 1, 0, 1, 'e', 0, 'x', '', 'private', '')", transaction);
            var key = insert.Parameters.Add("$key", Microsoft.Data.Sqlite.SqliteType.Text);
            foreach (var prefix in new[] { "big/", "dir1/", "dir2/" })
            {
                for (var i = 0; i < keysPerPrefix; i++)
                {
                    key.Value = $"{prefix}{i:D6}";
                    insert.ExecuteNonQuery();
                }
            }

            foreach (var top in new[] { "a", "c", "z" })
            {
                key.Value = top;
                insert.ExecuteNonQuery();
            }

            return 0;
        }, CancellationToken.None);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(5000)]
    public async Task Rows_read_per_page_do_not_depend_on_the_bucket_size(int keysPerPrefix)
    {
        await SeedAsync(keysPerPrefix);
        var counting = CountingStore.Wrap(_store);

        var delimited = await ObjectLister.ListAsync(counting, "b", "", "/", null, 4, CancellationToken.None);
        Assert.Equal(["a", "c"], delimited.Contents.Select(c => c.Key).ToArray());
        Assert.Equal(["big/", "dir1/"], delimited.CommonPrefixes.ToArray());
        Assert.True(delimited.IsTruncated);
        Assert.True(CountingStore.RowsRead(counting) <= 4 * 5 + 1, $"read {CountingStore.RowsRead(counting)} rows");

        var next = await ObjectLister.ListAsync(counting, "b", "", "/", delimited.LastEntry, 4, CancellationToken.None);
        Assert.Equal(["dir2/"], next.CommonPrefixes.ToArray());
        Assert.Equal(["z"], next.Contents.Select(c => c.Key).ToArray());
        Assert.False(next.IsTruncated);

        var flat = await ObjectLister.ListAsync(counting, "b", "dir1/", null, "dir1/000003", 3, CancellationToken.None);
        Assert.Equal(keysPerPrefix > 7, flat.IsTruncated);
    }

    /// <summary>Counts the rows the lister reads from the store.</summary>
    internal class CountingStore : DispatchProxy
    {
        private IObjectMetadataStore _inner = null!;
        private int _rows;

        public static IObjectMetadataStore Wrap(IObjectMetadataStore inner)
        {
            var proxy = Create<IObjectMetadataStore, CountingStore>();
            ((CountingStore)(object)proxy)._inner = inner;
            return proxy;
        }

        public static int RowsRead(IObjectMetadataStore proxy) => ((CountingStore)(object)proxy)._rows;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var result = targetMethod!.Invoke(_inner, args);
            if (result is Task<IReadOnlyList<ObjectRecord>> rows)
            {
                _rows += rows.Result.Count;
            }

            return result;
        }
    }
}
