using System.Net;
using LocalSail.Client.Errors;
using LocalSail.Lightsail.Model;

namespace LocalSail.Client.Tests;

public sealed class ErrorMappingTests
{
    [Theory]
    [InlineData("AccessDeniedException", typeof(AccessDeniedException))]
    [InlineData("InvalidInputException", typeof(InvalidInputException))]
    [InlineData("NotFoundException", typeof(NotFoundException))]
    [InlineData("UnauthenticatedException", typeof(UnauthenticatedException))]
    [InlineData("RegionSetupInProgressException", typeof(RegionSetupInProgressException))]
    [InlineData("OperationFailureException", typeof(OperationFailureException))]
    [InlineData("AccountSetupInProgressException", typeof(AccountSetupInProgressException))]
    [InlineData("com.amazonaws.lightsail#NotFoundException", typeof(NotFoundException))]
    [InlineData("SomethingNewException", typeof(LightsailException))]
    public async Task Maps_the_error_type_to_its_exception_with_every_detail(string type, Type expected)
    {
        var handler = new FakeHandler().Respond(
            HttpStatusCode.BadRequest,
            $$"""{"__type":"{{type}}","code":"DoesNotExist","docs":"https://docs.example/","message":"No such bucket.","tip":"Check the name."}""",
            requestId: "req-7");
        using var client = TestClients.Create(handler);

        var error = await Assert.ThrowsAnyAsync<LightsailException>(() =>
            client.GetBucketAccessKeysAsync(new GetBucketAccessKeysRequest { BucketName = "nope-nope" }, CancellationToken.None));

        Assert.Equal(expected, error.GetType());
        Assert.Equal("DoesNotExist", error.Code);
        Assert.Equal("https://docs.example/", error.Docs);
        Assert.Equal("Check the name.", error.Tip);
        Assert.Equal("No such bucket.", error.Message);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("req-7", error.RequestId);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Falls_back_to_the_error_type_header_when_the_body_is_not_json()
    {
        var handler = new FakeHandler().Respond(HttpStatusCode.BadRequest, "<html>oops</html>", errorType: "InvalidInputException:http://internal.amazon.com/");
        using var client = TestClients.Create(handler);

        await Assert.ThrowsAsync<InvalidInputException>(() =>
            client.GetBucketsAsync(new GetBucketsRequest(), CancellationToken.None));
    }
}
