using System.Text.Json;
using LocalSail.Server.Operator.Usage;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;

namespace LocalSail.Server.Operator.Reset;

/// <summary>
/// Empties the store: every bucket of every account and region is deleted as a forced <c>DeleteBucket</c> does
/// it (its keys stop working at once, its objects and uploads go), then the operations and usage history. One
/// reset runs at a time; requests that arrive meanwhile are served as usual and may leave what they made.
/// </summary>
internal sealed class StoreReset(
    IStoreAdministration store,
    IControlPlaneStore controlPlane,
    IBucketContents contents,
    InProcessLightsail lightsail,
    BucketUsageSampler sampler)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public async Task<ResetSummary> ResetAsync(Uri s3Endpoint)
    {
        // Not cancellable: a reset the caller walked away from still finishes rather than stopping half-way.
        var cancellationToken = CancellationToken.None;
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            long buckets = 0, keys = 0, objects = 0;
            foreach (var bucket in await store.ListAllBucketsAsync(cancellationToken))
            {
                var usage = await contents.GetUsageAsync(bucket, cancellationToken);
                var bucketKeys = await controlPlane.ListAccessKeysAsync(bucket.Scope, bucket.Name, cancellationToken);
                using var input = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(
                    new Dictionary<string, object> { ["bucketName"] = bucket.Name, ["forceDelete"] = true },
                    OperatorJsonContext.Default.DictionaryStringObject));
                var result = await lightsail.InvokeAsync("DeleteBucket", input.RootElement, bucket.Scope, s3Endpoint, cancellationToken);
                if (result.Error is { Type: not "NotFoundException" } error)
                {
                    throw new InvalidOperationException($"Deleting the bucket '{bucket.Name}' failed: {error.Message}");
                }

                buckets++;
                keys += bucketKeys.Count;
                objects += usage.ObjectCount;
            }

            var operations = await store.DeleteHistoryAsync(cancellationToken);
            sampler.Clear();
            return new ResetSummary(buckets, keys, objects, operations);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
