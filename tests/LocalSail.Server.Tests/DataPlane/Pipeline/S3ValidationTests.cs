using LocalSail.Server.DataPlane;
using LocalSail.Server.DataPlane.Pipeline;
using LocalSail.Server.DataPlane.PostForms;
using Microsoft.AspNetCore.Http.Features;

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

    [Theory]
    [InlineData("GET", "/photos?prefix=a%00", "prefix")]
    [InlineData("GET", "/photos?delimiter=%00", "delimiter")]
    [InlineData("GET", "/photos?marker=%00", "marker")]
    [InlineData("GET", "/photos?list-type=2&start-after=%00", "start-after")]
    [InlineData("GET", "/photos?list-type=2&continuation-token=%00", "continuation-token")]
    [InlineData("GET", "/photos?versions&key-marker=k&version-id-marker=%00", "version-id-marker")]
    [InlineData("GET", "/photos?uploads&key-marker=%00", "key-marker")]
    [InlineData("GET", "/photos?uploads&key-marker=k&upload-id-marker=%00", "upload-id-marker")]
    [InlineData("GET", "/photos/cat.jpg?versionId=%00", "versionId")]
    [InlineData("PUT", "/photos/cat.jpg?partNumber=1&uploadId=u%00", "uploadId")]
    [InlineData("GET", "/photos/cat.jpg?response-content-type=%00", "response-content-type")]
    public void A_query_value_with_the_null_character_is_an_invalid_argument_naming_it(string method, string path, string parameter)
    {
        var error = Validate(method, path);

        AssertNulRefused(error, parameter);
        Assert.Contains(parameter, error!.Message, StringComparison.Ordinal);
    }

    /// <summary>Kestrel refuses %00 in a path before it gets here; the key is checked all the same, from the path as sent.</summary>
    [Fact]
    public void A_key_with_the_null_character_is_an_invalid_argument()
    {
        var http = StageRequests.Unsigned("GET", "http://127.0.0.1:4570/photos/ab");
        http.Features.Get<IHttpRequestFeature>()!.RawTarget = "/photos/a%00b";

        AssertNulRefused(S3Validation.Validate(StageRequests.Context(http)), "key");
    }

    [Theory]
    [InlineData("PUT", "/photos/copy", "/photos/a%00b")]
    [InlineData("PUT", "/photos/copy", "photos/a?versionId=%00")]
    [InlineData("PUT", "/photos/copy?partNumber=1&uploadId=u", "photos/%00")]
    public void A_copy_source_with_the_null_character_is_an_invalid_argument(string method, string path, string copySource) =>
        AssertNulRefused(Validate(method, path, new Dictionary<string, string> { ["x-amz-copy-source"] = copySource }), "x-amz-copy-source");

    [Fact]
    public void A_copy_source_without_the_null_character_goes_on() =>
        Assert.Null(Validate("PUT", "/photos/copy", new Dictionary<string, string> { ["x-amz-copy-source"] = "/photos/a%20b?versionId=v1" }));

    [Theory]
    [InlineData("key", "a%00b", null, "key")]
    [InlineData("key", "uploads/${filename}", "a%00.txt", "key")]
    [InlineData("x-amz-meta-note", "%00", null, "x-amz-meta-note")]
    [InlineData("Content-Type", "text/plain%00", null, "Content-Type")]
    public void A_form_field_with_the_null_character_is_an_invalid_argument_naming_it(string field, string value, string? fileName, string argument)
    {
        // %00 stands for U+0000 here, which test names cannot show.
        var context = StageRequests.Context(StageRequests.Unsigned("POST", "http://127.0.0.1:4570/photos"));
        context.PostForm = PostForm.Create([new("key", "k"), new(field, Nul(value))], fileName is null ? null : Nul(fileName), Stream.Null);

        AssertNulRefused(S3Validation.Validate(context), argument);
    }

    /// <summary>A field's name becomes a stored header's name (x-amz-meta-*); it is not echoed either.</summary>
    [Fact]
    public void A_form_field_name_with_the_null_character_is_an_invalid_argument()
    {
        var context = StageRequests.Context(StageRequests.Unsigned("POST", "http://127.0.0.1:4570/photos"));
        context.PostForm = PostForm.Create([new("key", "k"), new(Nul("x-amz-meta-a%00"), "v")], null, Stream.Null);

        var error = S3Validation.Validate(context);

        Assert.Equal(("InvalidArgument", 400, "A form field's name must not contain the null character (U+0000)."), (error?.Code, error?.Status, error?.Message));
        Assert.Empty(error!.Details);
    }

    [Fact]
    public void A_form_without_the_null_character_goes_on()
    {
        var context = StageRequests.Context(StageRequests.Unsigned("POST", "http://127.0.0.1:4570/photos"));
        context.PostForm = PostForm.Create([new("key", "uploads/${filename}"), new("x-amz-meta-note", "n")], "a.txt", Stream.Null);

        Assert.Null(S3Validation.Validate(context));
    }

    private static string Nul(string text) => text.Replace("%00", "\0", StringComparison.Ordinal);

    private static void AssertNulRefused(S3Error? error, string argument)
    {
        Assert.NotNull(error);
        Assert.Equal(("InvalidArgument", 400), (error.Code, error.Status));
        Assert.EndsWith("must not contain the null character (U+0000).", error.Message, StringComparison.Ordinal);
        Assert.Equal([new("ArgumentName", argument)], error.Details);
    }
}
