using LocalSail.Server.DataPlane;
using LocalSail.Server.DataPlane.Pipeline;

namespace LocalSail.Server.Tests.DataPlane.Pipeline;

public sealed class S3ValidationTests
{
    private static S3Error? Validate(string method, string path, IDictionary<string, string>? headers = null) =>
        S3Validation.Validate(StageRequests.Context(StageRequests.Unsigned(method, "http://127.0.0.1:4570" + path, headers)));

    [Fact]
    public void A_served_request_with_a_key_of_at_most_1024_bytes_goes_on() =>
        Assert.Null(Validate("GET", "/photos/" + new string('k', 1024)));

    [Fact]
    public void A_subresource_LocalSail_does_not_serve_is_NotImplemented() =>
        Assert.Equal(S3Error.NotImplemented, Validate("GET", "/photos?policy"));

    [Fact]
    public void A_key_over_1024_UTF8_bytes_is_too_long()
    {
        Assert.Equal(S3Error.KeyTooLongError, Validate("GET", "/photos/" + new string('k', 1025)));
        Assert.Equal(S3Error.KeyTooLongError, Validate("GET", "/photos/" + string.Concat(Enumerable.Repeat("%C3%A9", 513))));
    }

    [Theory]
    [InlineData("PUT", "/photos/cat.jpg", true)]
    [InlineData("POST", "/photos/cat.jpg?uploads", true)]
    [InlineData("GET", "/photos/cat.jpg", false)]
    public void User_metadata_over_2_KB_is_refused_on_writes(string method, string path, bool refused)
    {
        var large = new Dictionary<string, string> { ["x-amz-meta-note"] = new string('m', 2045) };
        var limit = new Dictionary<string, string> { ["x-amz-meta-note"] = new string('m', 2044) };

        var error = Validate(method, path, large);

        Assert.Equal(refused ? "MetadataTooLarge" : null, error?.Code);
        Assert.Null(Validate(method, path, limit));
    }
}
