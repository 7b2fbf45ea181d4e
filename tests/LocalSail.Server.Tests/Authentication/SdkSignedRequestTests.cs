using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.S3;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.Authentication;

/// <summary>
/// The verifier accepts what the AWS SDK for .NET's own SigV4 signer (AWSSDK.Core's AWS4Signer) produces
/// for a Lightsail JSON call, and refuses it once a signed part is changed.
/// </summary>
public sealed class SdkSignedRequestTests
{
    [Fact]
    public async Task A_lightsail_call_signed_by_awssdk_core_is_accepted()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o.InMemory = true);
        var reply = await SendSignedByAwsSdkAsync(server, """{"bucketName":"sdk-signed","bundleId":"small_1_0"}""", tamper: null);
        Assert.True(reply.Status == 200, reply.Body);
        Assert.Equal("sdk-signed", JsonDocument.Parse(reply.Body).RootElement.GetProperty("bucket").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_changed_target_after_awssdk_core_signed_is_refused()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o.InMemory = true);
        var reply = await SendSignedByAwsSdkAsync(server, """{"bucketName":"sdk-signed","bundleId":"small_1_0"}""",
            tamper: headers => headers["X-Amz-Target"] = "Lightsail_20161128.DeleteBucket");
        Assert.Equal(400, reply.Status);
        Assert.Contains("UnauthenticatedException", reply.Body);
    }

    private static async Task<(int Status, string Body)> SendSignedByAwsSdkAsync(RunningServer server, string json, Action<IDictionary<string, string>>? tamper)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = server.EndpointUrl,
            AuthenticationRegion = "us-east-1",
            AuthenticationServiceName = "lightsail",
        };
        var request = new DefaultRequest(new Amazon.S3.Model.ListBucketsRequest(), "Lightsail")
        {
            HttpMethod = "POST",
            Endpoint = server.Endpoint,
            ResourcePath = "/",
            Content = Encoding.UTF8.GetBytes(json),
        };
        request.Headers["X-Amz-Target"] = "Lightsail_20161128.CreateBucket";
        request.Headers["Content-Type"] = "application/x-amz-json-1.1";
        new AWS4Signer().Sign(request, config, null, new BasicAWSCredentials(server.RootCredentials.AccessKeyId, server.RootCredentials.SecretAccessKey));
        tamper?.Invoke(request.Headers);

        using var http = new HttpClient();
        using var message = new HttpRequestMessage(HttpMethod.Post, server.Endpoint) { Content = new ByteArrayContent(request.Content) };
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await http.SendAsync(message);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
