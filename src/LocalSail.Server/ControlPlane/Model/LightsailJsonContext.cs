using System.Text.Json.Serialization;
using LocalSail.Server.ControlPlane.Protocol;

namespace LocalSail.Server.ControlPlane.Model;

/// <summary>Source-generated serialization of the wire shapes: camelCase members, nulls left out, epoch-second timestamps.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateBucketRequest))]
[JsonSerializable(typeof(BucketNameRequest))]
[JsonSerializable(typeof(DeleteBucketRequest))]
[JsonSerializable(typeof(DeleteBucketAccessKeyRequest))]
[JsonSerializable(typeof(GetBucketBundlesRequest))]
[JsonSerializable(typeof(GetBucketMetricDataRequest))]
[JsonSerializable(typeof(GetBucketsRequest))]
[JsonSerializable(typeof(GetOperationRequest))]
[JsonSerializable(typeof(GetOperationsRequest))]
[JsonSerializable(typeof(GetOperationsForResourceRequest))]
[JsonSerializable(typeof(SetResourceAccessForBucketRequest))]
[JsonSerializable(typeof(TagResourceRequest))]
[JsonSerializable(typeof(UntagResourceRequest))]
[JsonSerializable(typeof(UpdateBucketRequest))]
[JsonSerializable(typeof(UpdateBucketBundleRequest))]
[JsonSerializable(typeof(BucketResult))]
[JsonSerializable(typeof(OperationsResult))]
[JsonSerializable(typeof(CreateBucketAccessKeyResult))]
[JsonSerializable(typeof(GetBucketAccessKeysResult))]
[JsonSerializable(typeof(GetBucketBundlesResult))]
[JsonSerializable(typeof(GetBucketMetricDataResult))]
[JsonSerializable(typeof(GetBucketsResult))]
[JsonSerializable(typeof(GetOperationResult))]
[JsonSerializable(typeof(PagedOperationsResult))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(BucketAccessLogConfig))]
[JsonSerializable(typeof(BucketCorsConfig))]
public sealed partial class LightsailJsonContext : JsonSerializerContext;
