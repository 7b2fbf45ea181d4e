using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LocalSail.Server.Tests.Operator.Console;
using LocalSail.Signing;
using LocalSail.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// POST Object from a real headless Chromium: a page served from another origin (a second listener on another
/// port) holds an HTML form with a file input whose action is the bucket, as a web application hands one to its
/// users. Submitting a form is a navigation, so it needs no CORS.
/// </summary>
public sealed class PostObjectBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private const int Seed = 20261130;
    private readonly string _files = Directory.CreateTempSubdirectory("localsail-post-").FullName;
    private readonly Dictionary<string, string> _pages = [];
    private RunningServer _server = null!;
    private LightsailCaller _lightsail = null!;
    private RawS3Client _raw = null!;
    private WebApplication _site = null!;
    private string _siteUrl = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        _lightsail = new LightsailCaller(_server.Endpoint, _server.RootCredentials);
        _raw = new RawS3Client(_server.Endpoint);

        // The web application's own origin: it serves the upload pages and the page S3 redirects to.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _site = builder.Build();
        _site.MapGet("/{page}", (string page) => _pages.TryGetValue(page, out var html) ? Results.Content(html, "text/html; charset=utf-8") : Results.NotFound());
        await _site.StartAsync();
        _siteUrl = _site.Urls.Single();
        Assert.NotEqual(_server.Endpoint.Port, new Uri(_siteUrl).Port);
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        _raw.Dispose();
        _lightsail.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_files, recursive: true);
    }

    [Fact]
    public async Task A_page_from_another_origin_uploads_a_file_with_a_form_and_lands_on_its_redirect()
    {
        var (bucket, key) = await BucketWithKeyAsync("browser-post");
        var form = new PostPolicyForm(key, bucket)
            .With("key", "browser/${filename}")
            .With("Content-Type", "text/plain")
            .With("x-amz-meta-uploaded-by", "chromium")
            .With("success_action_redirect", _siteUrl + "/done");
        form.Conditions.Add(new JsonArray("starts-with", "$key", "browser/"));
        form.Conditions.Add(new JsonArray("content-length-range", 1, 1024 * 1024));
        _pages["upload"] = FormPage(bucket, form);
        _pages["done"] = "<!doctype html><title>Done</title><p id=\"done\">Uploaded.</p>";
        var content = RandomText(200 * 1024);
        var file = Path.Combine(_files, "notes.txt");
        await File.WriteAllBytesAsync(file, content);

        var page = await chromium.NewPageAsync(new Uri(_siteUrl));
        await page.GotoAsync(_siteUrl + "/upload");
        await page.Locator("#file").SetInputFilesAsync(file);
        await page.Locator("#upload").ClickAsync();
        await page.WaitForURLAsync(_siteUrl + "/done?**");

        var etag = "\"" + Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(content)) + "\"";
        Assert.Equal($"{_siteUrl}/done?bucket={bucket}&key=browser%2Fnotes.txt&etag={WebUtility.UrlEncode(etag)}", page.Url);
        Assert.Equal("Uploaded.", await page.Locator("#done").TextContentAsync());
        var stored = await _raw.SendAsync(HttpMethod.Get, $"{_server.EndpointUrl}/{bucket}/browser/notes.txt", key);
        Assert.Equal(200, stored.Status);
        Assert.Equal(content, stored.Body);
        Assert.Equal(etag, stored.Header("ETag"));
        Assert.Equal("text/plain", stored.Header("Content-Type"));
        Assert.Equal("chromium", stored.Header("x-amz-meta-uploaded-by"));
    }

    [Fact]
    public async Task A_file_the_policy_does_not_allow_shows_S3s_error_and_nothing_is_stored()
    {
        var (bucket, key) = await BucketWithKeyAsync("browser-refused");
        var form = new PostPolicyForm(key, bucket).With("key", "refused/${filename}");
        form.Conditions.Add(new JsonArray("starts-with", "$key", "refused/"));
        form.Conditions.Add(new JsonArray("content-length-range", 0, 1024));
        _pages["upload"] = FormPage(bucket, form);
        var file = Path.Combine(_files, "too-large.bin");
        await File.WriteAllBytesAsync(file, RandomText(4096));

        var page = await chromium.NewPageAsync(new Uri(_siteUrl));
        await page.GotoAsync(_siteUrl + "/upload");
        await page.Locator("#file").SetInputFilesAsync(file);
        var response = await page.RunAndWaitForResponseAsync(() => page.Locator("#upload").ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, response.Status);
        var error = await response.TextAsync();
        Assert.Contains("<Code>EntityTooLarge</Code>", error, StringComparison.Ordinal);
        Assert.Contains("<ProposedSize>4096</ProposedSize><MaxSizeAllowed>1024</MaxSizeAllowed>", error, StringComparison.Ordinal);
        var listing = await _raw.SendAsync(HttpMethod.Get, $"{_server.EndpointUrl}/{bucket}?list-type=2", key);
        Assert.Contains("<KeyCount>0</KeyCount>", listing.Text, StringComparison.Ordinal);
    }

    private async Task<(string Bucket, Credentials Key)> BucketWithKeyAsync(string name)
    {
        await _lightsail.CreateBucketAsync(name);
        return (name, await _lightsail.CreateAccessKeyAsync(name));
    }

    /// <summary>The page a web application renders for an upload: the signed fields hidden, a file input, a button after it.</summary>
    private string FormPage(string bucket, PostPolicyForm form)
    {
        var html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Upload</title></head><body>");
        html.Append(CultureInvariant($"<form id=\"form\" action=\"{_server.EndpointUrl}/{bucket}\" method=\"post\" enctype=\"multipart/form-data\">"));
        foreach (var (name, value) in form.SignedFields())
        {
            html.Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(name)).Append("\" value=\"").Append(WebUtility.HtmlEncode(value)).Append("\">");
        }

        // S3 ignores what follows the file, such as the button's own field.
        html.Append("<input type=\"file\" name=\"file\" id=\"file\"><button type=\"submit\" name=\"submit\" value=\"Upload\" id=\"upload\">Upload</button>");
        return html.Append("</form></body></html>").ToString();
    }

    private byte[] RandomText(int length)
    {
        output.WriteLine($"random seed {Seed}");
        var random = new Random(Seed);
        return Enumerable.Range(0, length).Select(_ => (byte)random.Next('a', 'z' + 1)).ToArray();
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
