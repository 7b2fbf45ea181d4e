using Amazon.Runtime;
using Amazon.S3;
using LocalSail.Server.Hosting;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>Which stores a test server keeps its metadata and object bytes in; the conformance tests run against each.</summary>
public enum StoreSetup
{
    /// <summary>The default: SQLite and files in the data directory.</summary>
    Embedded,

    /// <summary>A PostgreSQL database of its own, and files in the data directory.</summary>
    Postgres,

    /// <summary>A PostgreSQL database of its own, and a bucket of its own in moto's S3 server for the bytes.</summary>
    PostgresWithS3Blobs,
}

public static class StoreSetups
{
    /// <summary>What to set on the options for <paramref name="setup"/>, with the database or bucket it needs made.</summary>
    public static async Task<Action<LocalSailOptions>> PrepareAsync(StoreSetup setup)
    {
        if (setup == StoreSetup.Embedded)
        {
            return _ => { };
        }

        var connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        if (setup == StoreSetup.Postgres)
        {
            return options => UsePostgres(options, connection);
        }

        var moto = await MotoServer.GetAsync();
        var bucket = "localsail-blobs-" + Guid.NewGuid().ToString("N")[..12];
        using (var client = new AmazonS3Client(
            new BasicAWSCredentials("testing", "testing"),
            new AmazonS3Config { ServiceURL = moto.EndpointUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1" }))
        {
            await client.PutBucketAsync(bucket);
        }

        return options =>
        {
            UsePostgres(options, connection);
            options.BlobStore = BlobStoreKind.S3;
            options.BlobS3Endpoint = moto.EndpointUrl;
            options.BlobS3Bucket = bucket;
            options.BlobS3AccessKeyId = "testing";
            options.BlobS3SecretAccessKey = "testing";
        };
    }

    private static void UsePostgres(LocalSailOptions options, string connection)
    {
        options.Store = MetadataStore.Postgres;
        options.PostgresConnection = connection;
    }
}
