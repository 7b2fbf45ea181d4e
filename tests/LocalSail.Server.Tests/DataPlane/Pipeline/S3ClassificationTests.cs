using LocalSail.Server.DataPlane;
using LocalSail.Server.DataPlane.Pipeline;

namespace LocalSail.Server.Tests.DataPlane.Pipeline;

public sealed class S3ClassificationTests
{
    [Fact]
    public void The_route_is_read_from_the_path_as_sent_and_the_path_is_kept_encoded()
    {
        var context = StageRequests.Context(StageRequests.Unsigned("GET", "http://127.0.0.1:4570/photos/a%20b%2Fc.jpg?versionId=v1"));

        Assert.Equal(new S3Route(S3Operation.GetObject, "photos", "a b/c.jpg", VirtualHosted: false), context.Route);
        Assert.Equal("/photos/a%20b%2Fc.jpg", context.RawPath);
        Assert.Equal((StageRequests.Now, "REQUEST-ID"), (context.Now, context.RequestId));
        Assert.Equal("/photos/a b/c.jpg", context.Resource);
    }

    [Fact]
    public void A_virtual_hosted_request_names_its_bucket_in_the_host()
    {
        var context = StageRequests.Context(StageRequests.Unsigned("PUT", "http://photos.s3.localhost.localsail.dev:4570/cat.jpg"));

        Assert.Equal(new S3Route(S3Operation.PutObject, "photos", "cat.jpg", VirtualHosted: true), context.Route);
    }

    [Fact]
    public void Only_a_method_S3_does_not_allow_is_refused_here()
    {
        var refused = StageRequests.Context(StageRequests.Unsigned("PATCH", "http://127.0.0.1:4570/photos"));
        var unserved = StageRequests.Context(StageRequests.Unsigned("GET", "http://127.0.0.1:4570/photos?policy"));

        Assert.Equal(S3Error.MethodNotAllowed, S3Classification.Refusal(refused));
        Assert.Null(S3Classification.Refusal(unserved));
        Assert.Equal(S3Operation.NotImplemented, unserved.Route.Operation);
    }
}
