using System.Text;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.EndToEnd;

public sealed class RestartTests
{
    [Fact]
    public async Task Buckets_keys_and_operations_survive_a_restart_and_secrets_are_encrypted_at_rest()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "localsail-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            string keyId, secret, operationId;
            await using (var first = await RunningServer.StartAsync(dataDirectory))
            {
                using var caller = new LightsailCaller(first.Endpoint, first.RootCredentials);
                await caller.CallOkAsync("CreateBucket", """{"bucketName":"durable-bucket","bundleId":"medium_1_0","tags":[{"key":"k","value":"v"}]}""");
                var key = (await caller.CallOkAsync("CreateBucketAccessKey", """{"bucketName":"durable-bucket"}""")).GetProperty("accessKey");
                keyId = key.GetProperty("accessKeyId").GetString()!;
                secret = key.GetProperty("secretAccessKey").GetString()!;
                operationId = (await caller.CallOkAsync("UpdateBucket", """{"bucketName":"durable-bucket","versioning":"Enabled"}"""))
                    .GetProperty("operations")[0].GetProperty("id").GetString()!;
            }

            // The secret is nowhere in the data directory in plain text.
            foreach (var file in Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                Assert.DoesNotContain(secret, Encoding.Latin1.GetString(bytes));
            }

            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dataDirectory, "secret.key")));
            }

            await using var second = await RunningServer.StartAsync(dataDirectory);
            using var again = new LightsailCaller(second.Endpoint, second.RootCredentials);
            var bucket = (await again.CallOkAsync("GetBuckets", """{"bucketName":"durable-bucket"}""")).GetProperty("buckets")[0];
            Assert.Equal("medium_1_0", bucket.GetProperty("bundleId").GetString());
            Assert.Equal("Enabled", bucket.GetProperty("objectVersioning").GetString());
            Assert.Equal("v", bucket.GetProperty("tags")[0].GetProperty("value").GetString());

            var keys = (await again.CallOkAsync("GetBucketAccessKeys", """{"bucketName":"durable-bucket"}""")).GetProperty("accessKeys");
            Assert.Equal(keyId, keys[0].GetProperty("accessKeyId").GetString());

            var operation = await again.CallOkAsync("GetOperation", $$"""{"operationId":"{{operationId}}"}""");
            Assert.Equal("UpdateBucket", operation.GetProperty("operation").GetProperty("operationType").GetString());

            // The key still authenticates after the restart: its secret was decrypted from the store.
            var resolved = await second.GetService<LocalSail.Server.Authentication.ICredentialResolver>().ResolveAsync(keyId, CancellationToken.None);
            Assert.Equal(secret, resolved!.SecretAccessKey);
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }
}
