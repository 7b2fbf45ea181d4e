using System.Text;
using LocalSail.Server.DataPlane.PostForms;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Tests.DataPlane.PostForms;

/// <summary>Reading a POST Object body as far as its file, without reading the file.</summary>
public sealed class PostFormReaderTests
{
    private const string Boundary = "----form-boundary-7MA4YWxkTrZu0gW";

    private static HttpRequest Request(string body, string contentType = "multipart/form-data; boundary=" + Boundary)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.ContentType = contentType;
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return http.Request;
    }

    private static string Part(string disposition, string value) => $"--{Boundary}\r\nContent-Disposition: {disposition}\r\n\r\n{value}\r\n";

    private static string Field(string name, string value) => Part($"form-data; name=\"{name}\"", value);

    private static string End => $"--{Boundary}--\r\n";

    [Fact]
    public async Task Reads_the_fields_before_the_file_and_leaves_the_file_to_be_streamed()
    {
        var body = Field("key", "uploads/${filename}") + Field("X-Amz-Meta-Tag", "a") + Field("x-amz-meta-tag", "b")
            + Part("form-data; name=\"file\"; filename=\"C:\\\\Users\\\\me\\\\photo.jpg\"", "the file's bytes")
            + Field("submit", "Upload") + End;

        var (form, error) = await PostFormReader.ReadAsync(Request(body), CancellationToken.None);

        Assert.Null(error);
        Assert.Equal("photo.jpg", form!.FileName);
        Assert.Equal("uploads/photo.jpg", form.Field("KEY"));

        // A name sent twice is one field, its values joined by commas, as S3 reads them.
        Assert.Equal([new("key", "uploads/photo.jpg"), new("X-Amz-Meta-Tag", "a,b")], form.Fields);
        Assert.Equal("the file's bytes", await new StreamReader(form.File).ReadToEndAsync());
        Assert.Null(form.Field("submit"));
    }

    [Fact]
    public async Task A_quoted_boundary_and_a_file_part_without_a_file_name_are_read()
    {
        var body = Field("key", "k-${filename}") + Part("form-data; name=\"file\"", "x") + End;

        var (form, error) = await PostFormReader.ReadAsync(Request(body, $"multipart/form-data; boundary=\"{Boundary}\""), CancellationToken.None);

        Assert.Null(error);
        Assert.Null(form!.FileName);
        Assert.Equal("k-${filename}", form.Field("key"));
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/plain")]
    [InlineData("")]
    public async Task A_body_that_is_not_multipart_form_data_fails_S3s_precondition(string contentType)
    {
        var (_, error) = await PostFormReader.ReadAsync(Request("key=k", contentType), CancellationToken.None);
        Assert.Equal(("PreconditionFailed", 412), (error!.Code, error.Status));
        Assert.Equal([new("Condition", "Bucket POST must be of the enclosure-type multipart/form-data")], error.Details);
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=")]
    public async Task A_form_without_a_boundary_is_malformed(string contentType)
    {
        var (_, error) = await PostFormReader.ReadAsync(Request(Field("key", "k") + End, contentType), CancellationToken.None);
        Assert.Equal(("MalformedPOSTRequest", 400), (error!.Code, error.Status));
    }

    [Fact]
    public async Task A_part_without_a_name_or_a_body_cut_short_is_malformed()
    {
        var (_, unnamed) = await PostFormReader.ReadAsync(Request(Part("form-data", "v") + End), CancellationToken.None);
        Assert.Equal("MalformedPOSTRequest", unnamed!.Code);

        var (_, cut) = await PostFormReader.ReadAsync(Request($"--{Boundary}\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nk"), CancellationToken.None);
        Assert.Equal("MalformedPOSTRequest", cut!.Code);
    }

    [Fact]
    public async Task A_form_without_a_file_is_refused_as_S3_refuses_it()
    {
        var (_, error) = await PostFormReader.ReadAsync(Request(Field("key", "k") + End), CancellationToken.None);
        Assert.Equal(("InvalidArgument", "POST requires exactly one file upload per request."), (error!.Code, error.Message));
        Assert.Equal([new("ArgumentName", "file"), new("ArgumentValue", "0")], error.Details);
    }

    [Fact]
    public async Task The_fields_before_the_file_are_bounded_by_20_KB()
    {
        var justUnder = Field("key", "k") + Field("x-amz-meta-a", new string('a', 19 * 1024)) + Part("form-data; name=\"file\"", "x") + End;
        var (form, _) = await PostFormReader.ReadAsync(Request(justUnder), CancellationToken.None);
        Assert.NotNull(form);

        var over = Field("key", "k") + Field("x-amz-meta-a", new string('a', 20 * 1024)) + Part("form-data; name=\"file\"", "x") + End;
        var (_, error) = await PostFormReader.ReadAsync(Request(over), CancellationToken.None);
        Assert.Equal(("MaxPostPreDataLengthExceeded", 400), (error!.Code, error.Status));
        Assert.Equal([new("MaxPostPreDataLengthBytes", "20480")], error.Details);

        // Many small fields count together.
        var many = string.Concat(Enumerable.Range(0, 300).Select(i => Field("x-amz-meta-f" + i, new string('b', 60)))) + Part("form-data; name=\"file\"", "x") + End;
        var (_, manyError) = await PostFormReader.ReadAsync(Request(many), CancellationToken.None);
        Assert.Equal("MaxPostPreDataLengthExceeded", manyError!.Code);
    }
}
