using System.Text.Json;
using LocalSail.Server.Objects;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;
using LocalSail.Server.Storage.Sqlite;
using LocalSail.Server.Tests.DataPlane.EndToEnd;
using LocalSail.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LocalSail.Server.Tests.Storage;

/// <summary>A full disk is told to clients in plain words on each wire, and to the log in one line.</summary>
public sealed class StorageFullTests
{
    [Theory]
    [InlineData(28, true)] // ENOSPC
    [InlineData(122, true)] // EDQUOT
    [InlineData(5, false)] // EIO
    public void An_io_failure_is_storage_full_only_for_no_space_or_quota(int errno, bool full) =>
        Assert.Equal(full, StorageFull.Is(new IOException("failed", errno)));

    [Fact]
    public void SQLite_full_is_storage_full_also_when_wrapped() =>
        Assert.True(StorageFull.Is(new InvalidOperationException("wrapped", new SqliteException("database or disk is full", 13))));

    [Theory]
    [InlineData("53100", true)] // disk_full
    [InlineData("53200", false)] // out_of_memory
    [InlineData("23505", false)] // unique_violation
    public void PostgreSQL_disk_full_is_storage_full_also_when_wrapped(string sqlState, bool full) =>
        Assert.Equal(full, StorageFull.Is(new InvalidOperationException("wrapped", new PostgresException("could not extend file", "ERROR", "ERROR", sqlState))));

    [Fact]
    public async Task An_upload_onto_a_full_disk_is_refused_as_storage_full_and_nothing_is_stored()
    {
        var logs = new RecordingLoggerProvider();
        await using var server = await RunningServer.StartAsync(
            configureServices: services => services.AddSingleton<IBlobStore>(provider =>
                new FullDiskBlobStore(ActivatorUtilities.CreateInstance<FileSystemBlobStore>(provider))),
            configureLogging: logging => logging.AddProvider(logs));
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        await lightsail.CallOkAsync("CreateBucket", """{"bucketName":"full-disk","bundleId":"small_1_0"}""");
        using var raw = new RawS3Client(server.Endpoint);

        var put = await raw.SendAsync(HttpMethod.Put, $"{server.EndpointUrl}/full-disk/large", server.RootCredentials, new byte[100_000]);

        Assert.Equal((507, "StorageFull"), (put.Status, put.ErrorCode));
        Assert.Contains("storage is full", put.Text, StringComparison.Ordinal);
        Assert.Equal("NoSuchKey", (await raw.SendAsync(HttpMethod.Get, $"{server.EndpointUrl}/full-disk/large", server.RootCredentials)).ErrorCode);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "tmp")));
        var logged = Assert.Single(logs.Lines, line => line.Contains("Storage is full", StringComparison.Ordinal));
        Assert.Contains("PutObject", logged);
        Assert.DoesNotContain("   at ", logged);
    }

    [Fact]
    public async Task A_database_that_cannot_grow_refuses_writes_on_both_wires_and_still_serves_reads()
    {
        await using var server = await RunningServer.StartAsync();
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        await lightsail.CallOkAsync("CreateBucket", """{"bucketName":"full-db","bundleId":"small_1_0"}""");
        using var raw = new RawS3Client(server.Endpoint);
        Assert.Equal(200, (await raw.SendAsync(HttpMethod.Put, $"{server.EndpointUrl}/full-db/before", server.RootCredentials, "kept"u8.ToArray())).Status);

        // SQLite answers SQLITE_FULL, exactly as on a full disk, once the database may not grow any more.
        await server.GetService<SqliteDatabase>().WriteAsync((connection, transaction) =>
        {
            using var limit = connection.CreateCommand();
            limit.Transaction = transaction;
            limit.CommandText = "PRAGMA max_page_count = 1";
            return limit.ExecuteScalar();
        }, CancellationToken.None);
        var names = Enumerable.Range(0, 200).Select(i => $"full-db-{i:D3}").ToList();
        LightsailReply? refused = null;
        foreach (var name in names)
        {
            var reply = await lightsail.CallAsync("CreateBucket", JsonSerializer.Serialize(new { bucketName = name, bundleId = "small_1_0", tags = new[] { new { key = "padding", value = new string('p', 200) } } }));
            if (reply.Status != 200)
            {
                refused = reply;
                break;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal((507, "ServiceException"), (refused.Status, refused.ErrorType));
        Assert.Contains("storage is full", refused.Json.GetProperty("message").GetString(), StringComparison.Ordinal);

        var put = await raw.SendAsync(HttpMethod.Put, $"{server.EndpointUrl}/full-db/after", server.RootCredentials, new byte[30_000]);
        Assert.Equal((507, "StorageFull"), (put.Status, put.ErrorCode));
        Assert.Equal("kept", (await raw.SendAsync(HttpMethod.Get, $"{server.EndpointUrl}/full-db/before", server.RootCredentials)).Text);
    }

    /// <summary>The file system blob store on a disk with no space left: bytes cannot be made durable.</summary>
    private sealed class FullDiskBlobStore(IBlobStore inner) : IBlobStore
    {
        public IBlobWriter CreateWriter(string bucketId) => new FullDiskWriter(inner.CreateWriter(bucketId));

        public ValueTask<Stream?> OpenReadAsync(string bucketId, string blob, long offset, long length, CancellationToken cancellationToken) =>
            inner.OpenReadAsync(bucketId, blob, offset, length, cancellationToken);

        public ValueTask DeleteAsync(string bucketId, string blob, CancellationToken cancellationToken) => inner.DeleteAsync(bucketId, blob, cancellationToken);

        public ValueTask DeleteBucketAsync(string bucketId, CancellationToken cancellationToken) => inner.DeleteBucketAsync(bucketId, cancellationToken);

        public IAsyncEnumerable<StoredBlob> EnumerateAsync(CancellationToken cancellationToken) => inner.EnumerateAsync(cancellationToken);

        private sealed class FullDiskWriter(IBlobWriter inner) : IBlobWriter
        {
            public Stream Stream => inner.Stream;

            public ValueTask<string> CommitAsync(CancellationToken cancellationToken) => throw new IOException("No space left on device", 28);

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
