using System.Text;
using LocalSail.Server.Tests.Reliability;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// Header values that are not plain ASCII: a request may carry them (UTF-8 metadata, a decoded
/// response-* parameter), an answer may not. They go back encoded as RFC 2047 says, as S3 returns user
/// metadata, and the object stays readable.
/// </summary>
public sealed class HeaderTextTests : IAsyncLifetime
{
    private S3TestServer _server = null!;
    private string _bucket = null!;
    private Credentials _key = null!;

    public async Task InitializeAsync()
    {
        _server = await S3TestServer.StartAsync();
        _bucket = await _server.CreateBucketAsync("header-text");
        _key = await _server.CreateKeyAsync(_bucket);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Rfc2047(string value) => "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + "?=";

    [Fact]
    public async Task An_object_whose_metadata_is_not_ascii_stays_readable_with_its_metadata_encoded()
    {
        // Sent as the bytes a client sends, UTF-8, and left out of the signature as a client may.
        var put = RawRequest.S3(_server.Server.Endpoint, "PUT", $"/{_bucket}/zurich", _key, "bytes"u8.ToArray())
            .WithHeader("x-amz-meta-city", Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("Zürich")))
            .WithHeader("x-amz-meta-raw", "a\u0001b");
        using (var connection = await RawHttpConnection.OpenAsync(_server.Server.Endpoint))
        {
            await connection.SendAsync(put.ToBytes());
            Assert.Equal(200, (await connection.ReadResponseAsync(TimeSpan.FromSeconds(30)))?.Status);
        }

        using var raw = new RawS3Client(_server.Server.Endpoint);
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            var read = await raw.SendAsync(method, $"{_server.EndpointUrl}/{_bucket}/zurich", _key);
            Assert.Equal(200, read.Status);
            Assert.Equal(Rfc2047("Zürich"), read.Header("x-amz-meta-city"));
            Assert.Equal(Rfc2047("a\u0001b"), read.Header("x-amz-meta-raw"));
        }

        Assert.Equal("bytes", (await raw.SendAsync(HttpMethod.Get, $"{_server.EndpointUrl}/{_bucket}/zurich", _key)).Text);
    }

    [Fact]
    public async Task Metadata_sent_as_encoded_words_is_stored_decoded_as_S3_stores_it()
    {
        using var raw = new RawS3Client(_server.Server.Endpoint);
        var put = await raw.SendAsync(HttpMethod.Put, $"{_server.EndpointUrl}/{_bucket}/encoded", _key, "bytes"u8.ToArray(), new Dictionary<string, string>
        {
            ["x-amz-meta-plain"] = "=?UTF-8?B?" + Convert.ToBase64String("hello"u8) + "?=",
            ["x-amz-meta-city"] = Rfc2047("Zürich"),
            ["x-amz-meta-quoted"] = "=?UTF-8?Q?caf=C3=A9_au_lait?=",
            ["x-amz-meta-unknown"] = "=?KOI8-R?B?5M/C?=",
            ["x-amz-meta-broken"] = "=?UTF-8?B?not base64?=",
        });
        Assert.Equal(200, put.Status);
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            var read = await raw.SendAsync(method, $"{_server.EndpointUrl}/{_bucket}/encoded", _key);
            Assert.Equal("hello", read.Header("x-amz-meta-plain"));
            Assert.Equal(Rfc2047("Zürich"), read.Header("x-amz-meta-city"));
            Assert.Equal(Rfc2047("café au lait"), read.Header("x-amz-meta-quoted"));
            Assert.Equal("=?KOI8-R?B?5M/C?=", read.Header("x-amz-meta-unknown"));
            Assert.Equal("=?UTF-8?B?not base64?=", read.Header("x-amz-meta-broken"));
        }
    }

    [Fact]
    public async Task A_response_override_that_is_not_ascii_goes_back_encoded()
    {
        using var raw = new RawS3Client(_server.Server.Endpoint);
        Assert.Equal(200, (await raw.SendAsync(HttpMethod.Put, $"{_server.EndpointUrl}/{_bucket}/report", _key, "report"u8.ToArray())).Status);

        var read = await raw.SendAsync(HttpMethod.Get, $"{_server.EndpointUrl}/{_bucket}/report?response-content-disposition=attachment%3B%20filename%3D%C3%A9t%C3%A9.txt", _key);
        Assert.Equal(200, read.Status);
        Assert.Equal(Rfc2047("attachment; filename=été.txt"), read.Header("Content-Disposition"));
        Assert.Equal("report", read.Text);
    }

    [Fact]
    public async Task A_delete_of_a_version_whose_id_is_not_ascii_echoes_it_encoded()
    {
        using var raw = new RawS3Client(_server.Server.Endpoint);
        var deleted = await raw.SendAsync(HttpMethod.Delete, $"{_server.EndpointUrl}/{_bucket}/report?versionId=%C3%A9t%C3%A9", _key);
        Assert.Equal(204, deleted.Status);
        Assert.Equal(Rfc2047("été"), deleted.Header("x-amz-version-id"));
    }
}
