using LocalSail.Server.Hosting;

namespace LocalSail.Server.Tests.Hosting;

public sealed class RequestSchedulingTests
{
    [Theory]
    [InlineData(RequestScheduling.Auto, 1, true)]
    [InlineData(RequestScheduling.Auto, 2, false)]
    [InlineData(RequestScheduling.Auto, 64, false)]
    [InlineData(RequestScheduling.Inline, 1, true)]
    [InlineData(RequestScheduling.Inline, 8, true)]
    [InlineData(RequestScheduling.ThreadPool, 1, false)]
    [InlineData(RequestScheduling.ThreadPool, 8, false)]
    public void Requests_run_inline_when_asked_or_when_there_is_one_cpu(RequestScheduling scheduling, int processorCount, bool inline) =>
        Assert.Equal(inline, scheduling.IsInline(processorCount));

    [Theory]
    [InlineData(nameof(MetadataStore.Sqlite), nameof(BlobStoreKind.FileSystem), 1, true)]
    [InlineData(nameof(MetadataStore.Sqlite), nameof(BlobStoreKind.FileSystem), 2, false)]
    [InlineData(nameof(MetadataStore.Postgres), nameof(BlobStoreKind.FileSystem), 1, false)]
    [InlineData(nameof(MetadataStore.Sqlite), nameof(BlobStoreKind.S3), 1, false)]
    [InlineData(nameof(MetadataStore.Postgres), nameof(BlobStoreKind.S3), 1, false)]
    public void Auto_never_runs_inline_with_a_store_behind_the_network(string store, string blobStore, int processorCount, bool inline)
    {
        var options = new LocalSailOptions { Store = Enum.Parse<MetadataStore>(store), BlobStore = Enum.Parse<BlobStoreKind>(blobStore) };
        Assert.Equal(inline, options.RunsRequestsInline(processorCount));
    }
}
