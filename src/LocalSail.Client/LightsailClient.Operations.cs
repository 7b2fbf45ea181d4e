using LocalSail.Client.Model;
using LocalSail.Client.Serialization;

namespace LocalSail.Client;

public sealed partial class LightsailClient
{
    /// <summary>Calls <c>CreateBucket</c>.</summary>
    public Task<CreateBucketResponse> CreateBucketAsync(CreateBucketRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("CreateBucket", request, LightsailJsonContext.Default.CreateBucketRequest, LightsailJsonContext.Default.CreateBucketResponse, cancellationToken);

    /// <summary>Calls <c>DeleteBucket</c>.</summary>
    public Task<DeleteBucketResponse> DeleteBucketAsync(DeleteBucketRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("DeleteBucket", request, LightsailJsonContext.Default.DeleteBucketRequest, LightsailJsonContext.Default.DeleteBucketResponse, cancellationToken);

    /// <summary>Calls <c>GetBuckets</c>.</summary>
    public Task<GetBucketsResponse> GetBucketsAsync(GetBucketsRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("GetBuckets", request, LightsailJsonContext.Default.GetBucketsRequest, LightsailJsonContext.Default.GetBucketsResponse, cancellationToken);

    /// <summary>Calls <c>GetBucketBundles</c>.</summary>
    public Task<GetBucketBundlesResponse> GetBucketBundlesAsync(GetBucketBundlesRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("GetBucketBundles", request, LightsailJsonContext.Default.GetBucketBundlesRequest, LightsailJsonContext.Default.GetBucketBundlesResponse, cancellationToken);

    /// <summary>Calls <c>UpdateBucket</c>.</summary>
    public Task<UpdateBucketResponse> UpdateBucketAsync(UpdateBucketRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("UpdateBucket", request, LightsailJsonContext.Default.UpdateBucketRequest, LightsailJsonContext.Default.UpdateBucketResponse, cancellationToken);

    /// <summary>Calls <c>UpdateBucketBundle</c>.</summary>
    public Task<UpdateBucketBundleResponse> UpdateBucketBundleAsync(UpdateBucketBundleRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("UpdateBucketBundle", request, LightsailJsonContext.Default.UpdateBucketBundleRequest, LightsailJsonContext.Default.UpdateBucketBundleResponse, cancellationToken);

    /// <summary>Calls <c>GetBucketMetricData</c>.</summary>
    public Task<GetBucketMetricDataResponse> GetBucketMetricDataAsync(GetBucketMetricDataRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("GetBucketMetricData", request, LightsailJsonContext.Default.GetBucketMetricDataRequest, LightsailJsonContext.Default.GetBucketMetricDataResponse, cancellationToken);

    /// <summary>Calls <c>CreateBucketAccessKey</c>.</summary>
    public Task<CreateBucketAccessKeyResponse> CreateBucketAccessKeyAsync(CreateBucketAccessKeyRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("CreateBucketAccessKey", request, LightsailJsonContext.Default.CreateBucketAccessKeyRequest, LightsailJsonContext.Default.CreateBucketAccessKeyResponse, cancellationToken);

    /// <summary>Calls <c>GetBucketAccessKeys</c>.</summary>
    public Task<GetBucketAccessKeysResponse> GetBucketAccessKeysAsync(GetBucketAccessKeysRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("GetBucketAccessKeys", request, LightsailJsonContext.Default.GetBucketAccessKeysRequest, LightsailJsonContext.Default.GetBucketAccessKeysResponse, cancellationToken);

    /// <summary>Calls <c>DeleteBucketAccessKey</c>.</summary>
    public Task<DeleteBucketAccessKeyResponse> DeleteBucketAccessKeyAsync(DeleteBucketAccessKeyRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("DeleteBucketAccessKey", request, LightsailJsonContext.Default.DeleteBucketAccessKeyRequest, LightsailJsonContext.Default.DeleteBucketAccessKeyResponse, cancellationToken);

    /// <summary>Calls <c>SetResourceAccessForBucket</c>.</summary>
    public Task<SetResourceAccessForBucketResponse> SetResourceAccessForBucketAsync(SetResourceAccessForBucketRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("SetResourceAccessForBucket", request, LightsailJsonContext.Default.SetResourceAccessForBucketRequest, LightsailJsonContext.Default.SetResourceAccessForBucketResponse, cancellationToken);

    /// <summary>Calls <c>GetOperation</c>.</summary>
    public Task<GetOperationResponse> GetOperationAsync(GetOperationRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("GetOperation", request, LightsailJsonContext.Default.GetOperationRequest, LightsailJsonContext.Default.GetOperationResponse, cancellationToken);

    /// <summary>Calls <c>GetOperations</c>.</summary>
    public Task<GetOperationsResponse> GetOperationsAsync(GetOperationsRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("GetOperations", request, LightsailJsonContext.Default.GetOperationsRequest, LightsailJsonContext.Default.GetOperationsResponse, cancellationToken);

    /// <summary>Calls <c>GetOperationsForResource</c>.</summary>
    public Task<GetOperationsForResourceResponse> GetOperationsForResourceAsync(GetOperationsForResourceRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("GetOperationsForResource", request, LightsailJsonContext.Default.GetOperationsForResourceRequest, LightsailJsonContext.Default.GetOperationsForResourceResponse, cancellationToken);

    /// <summary>Calls <c>TagResource</c>.</summary>
    public Task<TagResourceResponse> TagResourceAsync(TagResourceRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("TagResource", request, LightsailJsonContext.Default.TagResourceRequest, LightsailJsonContext.Default.TagResourceResponse, cancellationToken);

    /// <summary>Calls <c>UntagResource</c>.</summary>
    public Task<UntagResourceResponse> UntagResourceAsync(UntagResourceRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("UntagResource", request, LightsailJsonContext.Default.UntagResourceRequest, LightsailJsonContext.Default.UntagResourceResponse, cancellationToken);
}
