namespace LocalSail.Server.DataPlane;

/// <summary>One S3 operation. Returns null once it has written its response, or the error to answer.</summary>
internal interface IS3Handler
{
    S3Operation Operation { get; }

    Task<S3Error?> HandleAsync(S3RequestContext context);
}
