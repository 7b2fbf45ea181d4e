using System.Reflection;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Sqlite;
using LocalSail.Server.Tests.DataPlane.EndToEnd;
using LocalSail.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalSail.Server.Tests.ControlPlane.Operations;

public sealed class DeleteBucketTests
{
    [Fact]
    public async Task A_key_made_after_the_bucket_was_read_still_stops_working_when_the_bucket_is_force_deleted()
    {
        // The store's key listing comes back empty, as it would for a key created between DeleteBucket reading
        // the bucket's keys and deleting the bucket: only what the delete itself removed can be trusted.
        await using var server = await RunningServer.StartAsync(configureServices: services =>
        {
            services.AddSingleton<SqliteControlPlaneStore>();
            services.AddSingleton(provider => KeysListedEmpty.Wrap(provider.GetRequiredService<SqliteControlPlaneStore>()));
        });
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        await lightsail.CallOkAsync("CreateBucket", """{"bucketName":"late-key","bundleId":"small_1_0"}""");
        var created = (await lightsail.CallOkAsync("CreateBucketAccessKey", """{"bucketName":"late-key"}""")).GetProperty("accessKey");
        var key = new LocalSail.Signing.Credentials(created.GetProperty("accessKeyId").GetString()!, created.GetProperty("secretAccessKey").GetString()!);
        using var raw = new RawS3Client(server.Endpoint);
        Assert.Equal(200, (await raw.SendAsync(HttpMethod.Get, $"{server.EndpointUrl}/late-key?list-type=2", key)).Status);

        await lightsail.CallOkAsync("DeleteBucket", """{"bucketName":"late-key","forceDelete":true}""");

        Assert.Equal("InvalidAccessKeyId", (await raw.SendAsync(HttpMethod.Get, $"{server.EndpointUrl}/late-key?list-type=2", key)).ErrorCode);
    }

    /// <summary>A store whose access key listing is always empty; everything else as the real store.</summary>
    internal class KeysListedEmpty : DispatchProxy
    {
        private IControlPlaneStore _inner = null!;

        public static IControlPlaneStore Wrap(IControlPlaneStore inner)
        {
            var proxy = Create<IControlPlaneStore, KeysListedEmpty>();
            ((KeysListedEmpty)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod!.Name == nameof(IControlPlaneStore.ListAccessKeysAsync)
                ? Task.FromResult<IReadOnlyList<AccessKeyRecord>>([])
                : targetMethod.Invoke(_inner, args);
    }
}
