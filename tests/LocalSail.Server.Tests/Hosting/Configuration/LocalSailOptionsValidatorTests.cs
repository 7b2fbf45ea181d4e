using LocalSail.Server.Hosting;

namespace LocalSail.Server.Tests.Hosting.Configuration;

/// <summary>Options are checked before the server starts, in sentences that name the option and its variable.</summary>
public sealed class LocalSailOptionsValidatorTests
{
    private static string Problems(Action<LocalSailOptions> change)
    {
        var options = new LocalSailOptions { InMemory = true };
        change(options);
        return string.Join('\n', LocalSailOptionsValidator.Check(options));
    }

    [Fact]
    public void The_defaults_in_memory_are_valid() => Assert.Empty(Problems(_ => { }));

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    [InlineData(99999)]
    public void A_port_out_of_range_is_refused(int port) =>
        Assert.Equal($"--port (LOCALSAIL_PORT) must be a port number from 0 to 65535 (0 picks a free one), not {port}.", Problems(o => o.Port = port));

    [Fact]
    public void A_host_that_is_not_an_address_is_refused() =>
        Assert.Equal("--host (LOCALSAIL_HOST) must be an IP address or localhost, not 'example.com'.", Problems(o => o.Host = "example.com"));

    [Fact]
    public void An_undefined_scheduling_is_refused() =>
        Assert.Contains("--scheduling (LOCALSAIL_SCHEDULING) must be one of Auto, Inline, ThreadPool", Problems(o => o.Scheduling = (RequestScheduling)7));

    [Fact]
    public void Region_must_be_a_lightsail_region_and_s3_host_a_host_name()
    {
        var problems = Problems(o => (o.Region, o.S3Host) = ("us-nowhere-1", "http://s3")).Split('\n');

        Assert.StartsWith("--region (LOCALSAIL_REGION) must be a Lightsail region (ap-northeast-1, ", problems[0]);
        Assert.EndsWith(", us-west-2), not 'us-nowhere-1'.", problems[0]);
        Assert.Equal("--s3-host (LOCALSAIL_S3_HOST) must be a host name such as s3.localhost.localsail.dev, not 'http://s3'.", problems[1]);
    }

    [Fact]
    public void A_data_directory_that_cannot_be_created_is_named_as_such()
    {
        var problem = Problems(o => (o.InMemory, o.DataDirectory) = (false, "/proc/localsail-data"));

        Assert.StartsWith("--data-dir (LOCALSAIL_DATA_DIR) /proc/localsail-data cannot be", problem);
        Assert.DoesNotContain("listen", problem);
    }

    [Fact]
    public void A_data_directory_that_is_a_file_is_refused()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.Equal($"--data-dir (LOCALSAIL_DATA_DIR) {file} is a file, not a directory.", Problems(o => (o.InMemory, o.DataDirectory) = (false, file)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_writable_data_directory_passes_and_keeps_no_trace_of_the_check()
    {
        var directory = Path.Combine(Path.GetTempPath(), "localsail-validate-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Empty(Problems(o => (o.InMemory, o.DataDirectory) = (false, directory)));
            Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Credentials_must_come_in_pairs_and_are_never_echoed()
    {
        var problem = Problems(o => o.SecretAccessKey = "a-secret-that-stays-secret");

        Assert.Equal("LOCALSAIL_ACCESS_KEY_ID and LOCALSAIL_SECRET_ACCESS_KEY must be set together.", problem);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var problems = LocalSailOptionsValidator.Check(new LocalSailOptions { InMemory = true, Port = 70000, Host = "nowhere", Region = string.Empty });
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void Adding_the_server_with_invalid_options_throws_the_same_sentences()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        var error = Assert.Throws<LocalSailConfigurationException>(() => services.AddLocalSail(new LocalSailOptions { InMemory = true, Port = 99999 }));
        Assert.Contains("--port (LOCALSAIL_PORT)", error.Message);
    }

    [Fact]
    public void The_PostgreSQL_store_needs_a_connection_string_and_a_data_directory_that_lasts()
    {
        Assert.StartsWith("--postgres-connection (LOCALSAIL_POSTGRES_CONNECTION) is required with --store Postgres", Problems(o => o.Store = MetadataStore.Postgres));
        Assert.Contains("cannot be combined with --in-memory", Problems(o => (o.Store, o.PostgresConnection) = (MetadataStore.Postgres, "Host=db")));
        Assert.Contains("is not a valid connection string", Problems(o => (o.Store, o.PostgresConnection, o.InMemory) = (MetadataStore.Postgres, "Hots=db", false)));
        Assert.Contains("is used only with --store Postgres", Problems(o => o.PostgresConnection = "Host=db"));
    }

    [Fact]
    public void The_S3_blob_store_needs_a_bucket_and_credentials_in_pairs()
    {
        Assert.StartsWith("--blob-s3-bucket (LOCALSAIL_BLOB_S3_BUCKET) is required with --blob-store S3", Problems(o => o.BlobStore = BlobStoreKind.S3));
        var problems = Problems(o => (o.BlobStore, o.BlobS3Bucket, o.BlobS3Endpoint, o.BlobS3AccessKeyId) = (BlobStoreKind.S3, "bytes", "not a url", "AKIA"));
        Assert.Contains("--blob-s3-endpoint (LOCALSAIL_BLOB_S3_ENDPOINT) must be an absolute URL", problems);
        Assert.Contains("LOCALSAIL_BLOB_S3_ACCESS_KEY_ID and LOCALSAIL_BLOB_S3_SECRET_ACCESS_KEY are given together or not at all.", problems);
        Assert.Empty(Problems(o => (o.BlobStore, o.BlobS3Bucket, o.BlobS3Endpoint) = (BlobStoreKind.S3, "bytes", "http://127.0.0.1:9000")));
    }

    [Fact]
    public void Inline_scheduling_is_refused_with_a_store_behind_the_network()
    {
        Assert.Contains("--scheduling (LOCALSAIL_SCHEDULING) cannot be Inline with --store Postgres or --blob-store S3",
            Problems(o => (o.Store, o.PostgresConnection, o.InMemory, o.Scheduling) = (MetadataStore.Postgres, "Host=db", false, RequestScheduling.Inline)));
        Assert.Contains("cannot be Inline",
            Problems(o => (o.BlobStore, o.BlobS3Bucket, o.Scheduling) = (BlobStoreKind.S3, "bytes", RequestScheduling.Inline)));
        Assert.Empty(Problems(o => (o.BlobStore, o.BlobS3Bucket, o.Scheduling) = (BlobStoreKind.S3, "bytes", RequestScheduling.Auto)));
    }
}
