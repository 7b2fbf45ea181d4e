using System.Security.Cryptography;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>The AWS CLI (v1): aws s3 cp / ls / sync / presign and aws s3api, with a bucket access key.</summary>
public sealed class AwsCliTests : IAsyncLifetime
{
    private S3TestServer _server = null!;
    private string _bucket = null!;
    private Credentials _key = null!;
    private string _work = null!;

    public async Task InitializeAsync()
    {
        _server = await S3TestServer.StartAsync();
        _bucket = await _server.CreateBucketAsync("cli");
        _key = await _server.CreateKeyAsync(_bucket);
        _work = Directory.CreateTempSubdirectory("localsail-cli-").FullName;
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        await _server.DisposeAsync();
    }

    private async Task<ProcessResult> AwsAsync(params string[] arguments)
    {
        var result = await S3TestServer.RunAsync("aws", [.. arguments, "--endpoint-url", _server.EndpointUrl], _key, workingDirectory: _work);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', arguments)}: {result}");
        return result;
    }

    [Fact]
    public async Task Making_a_bucket_with_aws_s3_mb_says_how_buckets_are_made()
    {
        var missing = await S3TestServer.RunAsync("aws", ["s3", "mb", "s3://made-with-s3", "--endpoint-url", _server.EndpointUrl], _server.Server.RootCredentials, workingDirectory: _work);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("Buckets are created with the Lightsail API", missing.Stderr);
        Assert.Contains($"aws lightsail create-bucket --bucket-name made-with-s3 --bundle-id small_1_0 --endpoint-url {_server.EndpointUrl}", missing.Stderr);

        var existing = await S3TestServer.RunAsync("aws", ["s3", "mb", $"s3://{_bucket}", "--endpoint-url", _server.EndpointUrl], _key, workingDirectory: _work);
        Assert.NotEqual(0, existing.ExitCode);
        Assert.Contains("BucketAlreadyOwnedByYou", existing.Stderr);

        var removed = await S3TestServer.RunAsync("aws", ["s3", "rb", $"s3://{_bucket}", "--endpoint-url", _server.EndpointUrl], _key, workingDirectory: _work);
        Assert.NotEqual(0, removed.ExitCode);
        Assert.Contains("aws lightsail delete-bucket", removed.Stderr);
    }

    [Fact]
    public async Task Copy_list_sync_and_presign()
    {
        var file = Path.Combine(_work, "hello.txt");
        await File.WriteAllTextAsync(file, "hello from the cli");
        await AwsAsync("s3", "cp", file, $"s3://{_bucket}/docs/hello.txt", "--only-show-errors");

        var listed = await AwsAsync("s3", "ls", $"s3://{_bucket}/docs/");
        Assert.Contains("hello.txt", listed.Stdout);

        var copy = Path.Combine(_work, "back.txt");
        await AwsAsync("s3", "cp", $"s3://{_bucket}/docs/hello.txt", copy, "--only-show-errors");
        Assert.Equal("hello from the cli", await File.ReadAllTextAsync(copy));

        var source = Directory.CreateDirectory(Path.Combine(_work, "tree"));
        Directory.CreateDirectory(Path.Combine(source.FullName, "sub dir"));
        await File.WriteAllTextAsync(Path.Combine(source.FullName, "one.txt"), "1");
        await File.WriteAllTextAsync(Path.Combine(source.FullName, "sub dir", "two+2.txt"), "2");
        await AwsAsync("s3", "sync", source.FullName, $"s3://{_bucket}/tree/", "--only-show-errors");
        var recursive = await AwsAsync("s3", "ls", $"s3://{_bucket}/tree/", "--recursive");
        Assert.Contains("tree/one.txt", recursive.Stdout);
        Assert.Contains("tree/sub dir/two+2.txt", recursive.Stdout);

        // A second sync finds nothing to do; a sync down reproduces the tree.
        var again = await AwsAsync("s3", "sync", source.FullName, $"s3://{_bucket}/tree/");
        Assert.DoesNotContain("upload:", again.Stdout);
        var target = Path.Combine(_work, "down");
        await AwsAsync("s3", "sync", $"s3://{_bucket}/tree/", target, "--only-show-errors");
        Assert.Equal("2", await File.ReadAllTextAsync(Path.Combine(target, "sub dir", "two+2.txt")));

        var presigned = (await AwsAsync("s3", "presign", $"s3://{_bucket}/docs/hello.txt", "--expires-in", "60")).Stdout.Trim();
        using var http = new HttpClient();
        Assert.Equal("hello from the cli", await http.GetStringAsync(presigned));

        await AwsAsync("s3", "rm", $"s3://{_bucket}/tree/", "--recursive", "--only-show-errors");
        var empty = await S3TestServer.RunAsync("aws", ["s3", "ls", $"s3://{_bucket}/tree/", "--endpoint-url", _server.EndpointUrl], _key);
        Assert.DoesNotContain("one.txt", empty.Stdout);
    }

    [Fact]
    public async Task S3_API_calls()
    {
        var file = Path.Combine(_work, "api.txt");
        await File.WriteAllTextAsync(file, "api body");
        var put = await AwsAsync("s3api", "put-object", "--bucket", _bucket, "--key", "api/x.txt", "--body", file, "--metadata", "k=v", "--content-type", "text/plain");
        Assert.Contains("ETag", put.Stdout);
        var head = await AwsAsync("s3api", "head-object", "--bucket", _bucket, "--key", "api/x.txt");
        Assert.Contains("\"k\": \"v\"", head.Stdout);
        var list = await AwsAsync("s3api", "list-objects-v2", "--bucket", _bucket, "--prefix", "api/");
        Assert.Contains("api/x.txt", list.Stdout);
        await AwsAsync("s3api", "put-object-tagging", "--bucket", _bucket, "--key", "api/x.txt", "--tagging", "TagSet=[{Key=a,Value=b}]");
        var tags = await AwsAsync("s3api", "get-object-tagging", "--bucket", _bucket, "--key", "api/x.txt");
        Assert.Contains("\"Value\": \"b\"", tags.Stdout);
        var buckets = await AwsAsync("s3api", "list-buckets");
        Assert.Contains(_bucket, buckets.Stdout);
        await AwsAsync("s3api", "delete-object", "--bucket", _bucket, "--key", "api/x.txt");

        var missing = await S3TestServer.RunAsync("aws", ["s3api", "get-object", "--bucket", _bucket, "--key", "api/x.txt", Path.Combine(_work, "out"), "--endpoint-url", _server.EndpointUrl], _key);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("NoSuchKey", missing.Stderr);
    }

    [Fact]
    public async Task Hundred_mebibyte_multipart_upload_round_trips_byte_for_byte()
    {
        var file = Path.Combine(_work, "big.bin");
        var buffer = new byte[1024 * 1024];
        using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        await using (var stream = File.Create(file))
        {
            var random = new Random(42);
            for (var i = 0; i < 100; i++)
            {
                random.NextBytes(buffer);
                await stream.WriteAsync(buffer);
            }
        }

        await AwsAsync("s3", "cp", file, $"s3://{_bucket}/big.bin", "--only-show-errors");
        var head = await AwsAsync("s3api", "head-object", "--bucket", _bucket, "--key", "big.bin");
        Assert.Contains("\"ContentLength\": 104857600", head.Stdout);
        Assert.Matches("\"ETag\": \"\\\\\"[0-9a-f]{32}-[0-9]+\\\\\"\"", head.Stdout);

        var back = Path.Combine(_work, "big.back");
        await AwsAsync("s3", "cp", $"s3://{_bucket}/big.bin", back, "--only-show-errors");
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(file)), SHA256.HashData(File.ReadAllBytes(back)));
    }
}
