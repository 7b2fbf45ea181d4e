namespace LocalSail.Cli.Lightsail.Model;

/// <summary>The operations, with their input and output shapes and how the AWS CLI pages them.</summary>
internal static class LightsailOperations
{
    public static readonly IReadOnlyList<OperationModel> All =
    [
        new OperationModel("CreateBucket", LightsailShapes.CreateBucketRequest, LightsailShapes.CreateBucketResult),
        new OperationModel("DeleteBucket", LightsailShapes.DeleteBucketRequest, LightsailShapes.DeleteBucketResult),
        new OperationModel("GetBuckets", LightsailShapes.GetBucketsRequest, LightsailShapes.GetBucketsResult),
        new OperationModel("GetBucketBundles", LightsailShapes.GetBucketBundlesRequest, LightsailShapes.GetBucketBundlesResult),
        new OperationModel("UpdateBucket", LightsailShapes.UpdateBucketRequest, LightsailShapes.UpdateBucketResult),
        new OperationModel("UpdateBucketBundle", LightsailShapes.UpdateBucketBundleRequest, LightsailShapes.UpdateBucketBundleResult),
        new OperationModel("GetBucketMetricData", LightsailShapes.GetBucketMetricDataRequest, LightsailShapes.GetBucketMetricDataResult),
        new OperationModel("CreateBucketAccessKey", LightsailShapes.CreateBucketAccessKeyRequest, LightsailShapes.CreateBucketAccessKeyResult),
        new OperationModel("GetBucketAccessKeys", LightsailShapes.GetBucketAccessKeysRequest, LightsailShapes.GetBucketAccessKeysResult),
        new OperationModel("DeleteBucketAccessKey", LightsailShapes.DeleteBucketAccessKeyRequest, LightsailShapes.DeleteBucketAccessKeyResult),
        new OperationModel("SetResourceAccessForBucket", LightsailShapes.SetResourceAccessForBucketRequest, LightsailShapes.SetResourceAccessForBucketResult),
        new OperationModel("GetOperation", LightsailShapes.GetOperationRequest, LightsailShapes.GetOperationResult),
        new OperationModel("GetOperations", LightsailShapes.GetOperationsRequest, LightsailShapes.GetOperationsResult, new Paginator("pageToken", "nextPageToken", "operations")),
        new OperationModel("GetOperationsForResource", LightsailShapes.GetOperationsForResourceRequest, LightsailShapes.GetOperationsForResourceResult),
        new OperationModel("TagResource", LightsailShapes.TagResourceRequest, LightsailShapes.TagResourceResult),
        new OperationModel("UntagResource", LightsailShapes.UntagResourceRequest, LightsailShapes.UntagResourceResult),
    ];
}
