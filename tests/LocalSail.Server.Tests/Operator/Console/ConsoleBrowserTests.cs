using System.Text.Json;
using LocalSail.Server.Storage;
using LocalSail.Server.Tests.DataPlane.EndToEnd;
using LocalSail.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LocalSail.Server.Tests.Operator.Console;

/// <summary>
/// The console in a real headless Chromium, driven as a person would use it. Screenshots go to a temporary
/// folder, and to the folder named by <c>LOCALSAIL_CONSOLE_SCREENSHOTS</c> when it is set (how the README's are made).
/// </summary>
public sealed class ConsoleBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>, IDisposable
{
    private const int Seed = 20260301;
    private readonly string _shots = Directory.CreateTempSubdirectory("localsail-console-").FullName;

    [Fact]
    public async Task A_bucket_is_created_a_file_uploaded_and_downloaded_a_key_shown_once_and_everything_deleted()
    {
        await using var server = await RunningServer.StartAsync();
        using var raw = new RawS3Client(server.Endpoint);
        var page = await chromium.NewPageAsync(server.Endpoint);
        await page.GotoAsync(server.EndpointUrl + "/_localsail/console/");
        await Expect(page.GetByText("No buckets yet")).ToBeVisibleAsync();

        // Create a bucket; a bad name is explained, not sent.
        await page.GetByTestId("create-bucket").First.ClickAsync();
        await page.GetByTestId("bucket-name").FillAsync("Bad_Name");
        await page.GetByTestId("create-bucket-submit").ClickAsync();
        await Expect(page.GetByTestId("create-bucket-dialog").GetByRole(AriaRole.Alert)).ToContainTextAsync("lower-case letters");
        await page.GetByTestId("bucket-name").FillAsync("console-e2e");
        await page.GetByTestId("bundle").SelectOptionAsync("medium_1_0");
        await page.GetByTestId("create-bucket-submit").ClickAsync();
        await Expect(page.GetByText("No objects yet")).ToBeVisibleAsync();
        using (var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials))
        {
            var bucket = Assert.Single((await lightsail.CallOkAsync("GetBuckets")).GetProperty("buckets").EnumerateArray());
            Assert.Equal(("console-e2e", "medium_1_0"), (bucket.GetProperty("name").GetString(), bucket.GetProperty("bundleId").GetString()));
        }

        // Upload a file (with progress) and download it again.
        var content = new byte[300 * 1024];
        output.WriteLine($"random seed {Seed}");
        new Random(Seed).NextBytes(content);
        var upload = Path.Combine(_shots, "report.bin");
        await File.WriteAllBytesAsync(upload, content);
        await page.GetByTestId("upload-input").SetInputFilesAsync(upload);
        await Expect(page.Locator(".upload.done")).ToContainTextAsync("Uploaded");
        var row = page.Locator("tr[data-key='report.bin']");
        await Expect(row).ToContainTextAsync("300 KiB");
        await ScreenshotAsync(page, "console-objects.png");
        var stored = await raw.SendAsync(HttpMethod.Get, $"{server.EndpointUrl}/console-e2e/report.bin", server.RootCredentials);
        Assert.Equal(content, stored.Body);

        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByTestId("download").ClickAsync());
        Assert.Equal("report.bin", download.SuggestedFilename);
        var downloaded = Path.Combine(_shots, "downloaded.bin");
        await download.SaveAsAsync(downloaded);
        Assert.Equal(content, await File.ReadAllBytesAsync(downloaded));

        // A key: its secret is shown once, with a copy button, and works over S3.
        await page.GetByTestId("tab-keys").ClickAsync();
        await Expect(page.GetByText("No access keys")).ToBeVisibleAsync();
        await page.GetByTestId("create-key").ClickAsync();
        await page.GetByTestId("create-key-submit").ClickAsync();
        var secretDialog = page.GetByTestId("secret-dialog");
        await Expect(secretDialog).ToContainTextAsync("only time the secret access key is shown");
        var keyId = await page.GetByTestId("access-key-id").InputValueAsync();
        var secret = await page.GetByTestId("secret-access-key").InputValueAsync();
        Assert.Matches("^AKIA[A-Z0-9]{16}$", keyId);
        Assert.Equal(40, secret.Length);
        await ScreenshotAsync(page, "console-access-key.png");
        await page.GetByTestId("copy-secret-access-key").ClickAsync();
        Assert.Equal(secret, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        var key = new Signing.Credentials(keyId, secret);
        Assert.Equal(200, (await raw.SendAsync(HttpMethod.Get, $"{server.EndpointUrl}/console-e2e/report.bin", key)).Status);

        // The list shows the key and its last use (the S3 request just made), never its secret.
        await page.GetByTestId("secret-done").ClickAsync();
        var keyRow = page.Locator($"tr[data-key-id='{keyId}']");
        await Expect(keyRow).ToContainTextAsync("s3 · us-east-1");
        await page.ReloadAsync();
        await Expect(keyRow).ToContainTextAsync("Active");
        Assert.DoesNotContain(secret, await page.ContentAsync());

        // Deleting the key asks first; then the key stops working.
        await keyRow.GetByTestId("delete-key").ClickAsync();
        await page.GetByTestId("cancel").ClickAsync();
        await Expect(keyRow).ToBeVisibleAsync();
        await keyRow.GetByTestId("delete-key").ClickAsync();
        await page.GetByTestId("confirm").ClickAsync();
        await Expect(page.GetByText("No access keys")).ToBeVisibleAsync();
        Assert.Equal("InvalidAccessKeyId", (await raw.SendAsync(HttpMethod.Get, $"{server.EndpointUrl}/console-e2e/report.bin", key)).ErrorCode);

        // Delete the object, then the bucket (its name typed to confirm).
        await page.GetByTestId("tab-objects").ClickAsync();
        await row.GetByTestId("delete-object").ClickAsync();
        await page.GetByTestId("confirm").ClickAsync();
        await Expect(page.GetByText("No objects yet")).ToBeVisibleAsync();
        Assert.Equal("NoSuchKey", (await raw.SendAsync(HttpMethod.Get, $"{server.EndpointUrl}/console-e2e/report.bin", server.RootCredentials)).ErrorCode);

        await page.GetByTestId("delete-bucket").ClickAsync();
        await Expect(page.GetByTestId("confirm")).ToBeDisabledAsync();
        await page.GetByTestId("confirm-input").FillAsync("console-e2e");
        await page.GetByTestId("confirm").ClickAsync();
        await Expect(page.GetByText("No buckets yet")).ToBeVisibleAsync();
        using (var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials))
        {
            Assert.Equal(0, (await lightsail.CallOkAsync("GetBuckets")).GetProperty("buckets").GetArrayLength());
        }
    }

    [Fact]
    public async Task The_overview_charts_the_recorded_usage_samples_and_the_operations_log_lists_the_changes()
    {
        // No sampling but the history recorded here: the chart's points are counted.
        await using var server = await S3TestServer.StartAsync(o => o.UsageSampleInterval = TimeSpan.Zero);
        var bucket = await server.CreateBucketAsync("charts");
        var key = await server.CreateKeyAsync(bucket);
        {
            using var raw = new RawS3Client(server.Server.Endpoint);
            await server.Lightsail.CallOkAsync("CreateBucket", """{"bucketName":"team-backups","bundleId":"large_1_0"}""");
            output.WriteLine($"random seed {Seed}");
            var random = new Random(Seed);
            var sizes = Enumerable.Range(0, 12).Select(_ => random.Next(20_000, 120_000)).ToArray();
            for (var i = 0; i < sizes.Length; i++)
            {
                await raw.SendAsync(HttpMethod.Put, $"{server.EndpointUrl}/{bucket}/photos/harbour-{i + 1:00}.jpg", key, new byte[sizes[i]]);
            }

            // A day of history, one sample every 15 minutes, as the sampler records them: the photos arriving one by one.
            var record = (await server.Server.GetService<IControlPlaneStore>().GetBucketAsync(new ResourceScope(server.Server.AccountId, "us-east-1"), bucket, CancellationToken.None))!;
            var now = DateTimeOffset.UtcNow;
            var times = Enumerable.Range(0, 92).Select(i => now.AddHours(-23).AddMinutes(15 * i)).ToList();
            var samples = times.Select((at, i) =>
            {
                var objects = sizes.Length * i / times.Count;
                return new BucketUsageSample(record.Id, at, sizes.Take(objects).Sum(), objects);
            }).ToList();
            await server.Server.GetService<IBucketUsageHistory>().RecordAsync(samples, now.AddDays(-7), CancellationToken.None);

            var page = await chromium.NewPageAsync(server.Server.Endpoint);
            await page.GotoAsync(server.EndpointUrl + "/_localsail/console/");
            await Expect(page.Locator($"tr[data-bucket='{bucket}']")).ToContainTextAsync("12");
            await Expect(page.Locator("tr[data-bucket='team-backups']")).ToContainTextAsync("0 B");
            await ScreenshotAsync(page, "console-buckets.png");

            await page.Locator($"tr[data-bucket='{bucket}'] a").ClickAsync();
            await page.GetByTestId("tab-overview").ClickAsync();
            await Expect(page.GetByTestId("object-count")).ToHaveTextAsync("12");
            var objectChart = page.Locator("svg.chart").Nth(1);
            await Expect(objectChart).ToBeVisibleAsync();
            // Every recorded quarter-hour in the 24-hour range, and the point measured now.
            Assert.Equal(samples.Count + 1, await objectChart.Locator("circle").CountAsync());
            Assert.Equal("Latest value 12", await objectChart.GetAttributeAsync("aria-label"));
            Assert.Equal(samples.Count + 1, await page.Locator("svg.chart").First.Locator("circle").CountAsync());
            await ScreenshotAsync(page, "console-bucket-overview.png");

            await page.Locator("nav.nav a", new PageLocatorOptions { HasText = "Operations" }).ClickAsync();
            var operations = page.GetByTestId("operations");
            await Expect(operations.Locator("tbody tr")).ToHaveCountAsync(3);
            await Expect(operations.Locator("tbody tr").First).ToContainTextAsync("CreateBucket");
            await Expect(operations).ToContainTextAsync("CreateBucketAccessKey");
        }
    }

    [Fact]
    public async Task With_explicit_credentials_the_console_signs_in_explains_a_wrong_secret_and_refuses_calls_without_its_token()
    {
        await using var server = await RunningServer.StartAsync(configure: o =>
        {
            o.AccessKeyId = "AKIAEXPLICITROOTKEY1";
            o.SecretAccessKey = "an-explicit-root-secret-for-the-console";
        });
        var page = await chromium.NewPageAsync(server.Endpoint);
        await page.GotoAsync(server.EndpointUrl + "/_localsail/console/");
        await page.GetByTestId("login-key").FillAsync("AKIAEXPLICITROOTKEY1");
        await page.GetByTestId("login-secret").FillAsync("not-the-secret");
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("not this account's root credentials");
        await ScreenshotAsync(page, "console-sign-in.png");

        await page.GetByTestId("login-secret").FillAsync("an-explicit-root-secret-for-the-console");
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.GetByText("No buckets yet")).ToBeVisibleAsync();

        // The session cookie alone is not enough: a call without the page's token is refused.
        const string Call = "fetch('/_localsail/console/api/lightsail/GetBuckets', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then(r => r.status)";
        Assert.Equal(401, await page.EvaluateAsync<int>(Call));
        Assert.DoesNotContain("localsail_console", await page.EvaluateAsync<string>("document.cookie"));

        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page.GetByTestId("login-submit")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByTestId("login-submit")).ToBeVisibleAsync();
    }

    public void Dispose() => Directory.Delete(_shots, recursive: true);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(_shots, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        Assert.True(new FileInfo(path).Length > 1000);
        if (Environment.GetEnvironmentVariable("LOCALSAIL_CONSOLE_SCREENSHOTS") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            File.Copy(path, Path.Combine(keep, name), overwrite: true);
        }
    }
}
