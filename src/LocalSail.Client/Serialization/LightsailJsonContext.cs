using System.Text.Json.Serialization;
using LocalSail.Client.Model;

namespace LocalSail.Client.Serialization;

/// <summary>Source-generated serialization of the wire models, so no reflection runs per request.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateBucketRequest))]
[JsonSerializable(typeof(CreateBucketResponse))]
[JsonSerializable(typeof(DeleteBucketRequest))]
[JsonSerializable(typeof(DeleteBucketResponse))]
[JsonSerializable(typeof(GetBucketsRequest))]
[JsonSerializable(typeof(GetBucketsResponse))]
[JsonSerializable(typeof(GetBucketBundlesRequest))]
[JsonSerializable(typeof(GetBucketBundlesResponse))]
[JsonSerializable(typeof(UpdateBucketRequest))]
[JsonSerializable(typeof(UpdateBucketResponse))]
[JsonSerializable(typeof(UpdateBucketBundleRequest))]
[JsonSerializable(typeof(UpdateBucketBundleResponse))]
[JsonSerializable(typeof(GetBucketMetricDataRequest))]
[JsonSerializable(typeof(GetBucketMetricDataResponse))]
[JsonSerializable(typeof(CreateBucketAccessKeyRequest))]
[JsonSerializable(typeof(CreateBucketAccessKeyResponse))]
[JsonSerializable(typeof(GetBucketAccessKeysRequest))]
[JsonSerializable(typeof(GetBucketAccessKeysResponse))]
[JsonSerializable(typeof(DeleteBucketAccessKeyRequest))]
[JsonSerializable(typeof(DeleteBucketAccessKeyResponse))]
[JsonSerializable(typeof(SetResourceAccessForBucketRequest))]
[JsonSerializable(typeof(SetResourceAccessForBucketResponse))]
[JsonSerializable(typeof(GetOperationRequest))]
[JsonSerializable(typeof(GetOperationResponse))]
[JsonSerializable(typeof(GetOperationsRequest))]
[JsonSerializable(typeof(GetOperationsResponse))]
[JsonSerializable(typeof(GetOperationsForResourceRequest))]
[JsonSerializable(typeof(GetOperationsForResourceResponse))]
[JsonSerializable(typeof(TagResourceRequest))]
[JsonSerializable(typeof(TagResourceResponse))]
[JsonSerializable(typeof(UntagResourceRequest))]
[JsonSerializable(typeof(UntagResourceResponse))]
[JsonSerializable(typeof(ErrorBody))]
internal sealed partial class LightsailJsonContext : JsonSerializerContext;
