using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LocalSail.Signing;
using Xunit.Abstractions;

namespace LocalSail.Server.Tests.Reliability.Connections;

/// <summary>
/// An upload announced with <c>Expect: 100-continue</c> and refused before its body is read: whether the
/// client then sends the body (curl after its wait) or skips it (boto3), the connection must not be left
/// out of step: the next request on it is answered as itself, or the server closes the connection after
/// saying so and the client's next request, on a new connection, is answered.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ExpectContinueRefusalTests(ExpectContinueRefusalTests.Server fixture, ITestOutputHelper output)
    : IClassFixture<ExpectContinueRefusalTests.Server>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static readonly byte[] Known = Encoding.ASCII.GetBytes("the object the next request reads");

    private readonly BatteryServer _server = fixture.Process;
    private readonly string _bucket = fixture.Bucket;
    private readonly string _otherBucket = fixture.OtherBucket;
    private readonly Credentials _key = fixture.Key;

    public enum Refusal
    {
        KeyOfAnotherBucket,
        UnknownAccessKey,
        WrongSignature,
        Anonymous,
        BucketThatDoesNotExist,
        RegionOtherThanTheBucketsOne,
        ConditionOnAnExistingObject,
        InvalidCannedAcl,
        KeyTooLong,
        UnservedSubresource,
        DeclaredSizeOverFiveGiB,
        LightsailUnknownOperation,
    }

    public enum Client
    {
        SkipsTheBody,
        SendsTheBodyAnyway,
        PipelinesTheNextRequest,
    }

    public static TheoryData<Refusal, Client> Cases()
    {
        var cases = new TheoryData<Refusal, Client>();
        foreach (var refusal in Enum.GetValues<Refusal>())
        {
            foreach (var client in Enum.GetValues<Client>())
            {
                if (refusal == Refusal.DeclaredSizeOverFiveGiB && client != Client.SkipsTheBody)
                {
                    continue;
                }

                cases.Add(refusal, client);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_upload_refused_before_its_body_leaves_the_next_request_answered(Refusal refusal, Client client)
    {
        var body = RandomNumberGenerator.GetBytes(256 * 1024);
        var (refused, expectedCode) = RefusedRequest(refusal, body);
        var head = refused with { Body = [] };

        var mark = _server.Process.Output.Count;
        var connection = await _server.ConnectAsync();
        try
        {
            await connection.SendAsync(head.ToBytes());
            var first = await connection.ReadResponseAsync(Patience, skipInterim: false);
            var remaining = refused.Body;
            if (first is { Status: 100 })
            {
                // Not refused early after all: the server reads the body first, and every client then sends it.
                await connection.SendAsync(remaining);
                remaining = [];
                first = await connection.ReadResponseAsync(Patience);
            }

            Assert.NotNull(first);
            AssertRefusedWith(first, expectedCode, refusal);

            var next = RawRequest.S3(_server.Endpoint, "GET", $"/{_bucket}/known", _key).ToBytes();
            RawHttpResponse? answer;
            if (first.ClosesConnection)
            {
                // As clients do: the server said it closes this connection, so the next request goes on a new one.
                connection.Dispose();
                connection = await _server.ConnectAsync();
                await connection.SendAsync(next);
                answer = await connection.ReadResponseAsync(Patience);
            }
            else
            {
                switch (client)
                {
                    case Client.SendsTheBodyAnyway:
                        await connection.SendAsync(remaining);
                        await connection.SendAsync(next);
                        break;
                    case Client.PipelinesTheNextRequest:
                        await connection.SendAsync((byte[])[.. remaining, .. next]);
                        break;
                    default:
                        await connection.SendAsync(next);
                        break;
                }

                answer = await ReadOrTimeoutAsync(connection);
            }

            Assert.True(
                answer is { Status: 200 } && answer.Body.AsSpan().SequenceEqual(Known),
                $"{refusal}, client {client}: the next request on the connection was not answered as itself: {answer?.ToString() ?? "no answer"}");
            Assert.Empty(_server.UnexpectedFailures(since: mark));
            output.WriteLine($"{refusal} / {client}: {first.Status} {expectedCode}, connection {(first.ClosesConnection ? "closed" : "kept")}, next request 200");
        }
        finally
        {
            connection.Dispose();
        }
    }

    private static async Task<RawHttpResponse?> ReadOrTimeoutAsync(RawHttpConnection connection)
    {
        try
        {
            return await connection.ReadResponseAsync(Patience);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static void AssertRefusedWith(RawHttpResponse response, string expectedCode, Refusal refusal)
    {
        if (refusal == Refusal.LightsailUnknownOperation)
        {
            Assert.Equal(400, response.Status);
            Assert.Equal(expectedCode, response.Header("x-amzn-ErrorType"));
            return;
        }

        Assert.True(response.Status is >= 400 and < 600, $"{refusal}: {response}");
        Assert.Equal(expectedCode, System.Xml.Linq.XDocument.Parse(response.Text).Root?.Element("Code")?.Value);
    }

    private (RawRequest Request, string ExpectedCode) RefusedRequest(Refusal refusal, byte[] body)
    {
        var endpoint = _server.Endpoint;
        var expect = new KeyValuePair<string, string>("Expect", "100-continue");
        RawRequest Put(string target, Credentials? credentials, string region = "us-east-1", params KeyValuePair<string, string>[] headers) =>
            RawRequest.S3(endpoint, "PUT", target, credentials, body, [.. headers, expect], SigV4.UnsignedPayload, region);

        switch (refusal)
        {
            case Refusal.KeyOfAnotherBucket:
                return (Put($"/{_otherBucket}/upload", _key), "AccessDenied");
            case Refusal.UnknownAccessKey:
                return (Put($"/{_bucket}/upload", new Credentials("AKIA0000000000000000", new string('x', 40))), "InvalidAccessKeyId");
            case Refusal.WrongSignature:
                return (Put($"/{_bucket}/upload", new Credentials(_key.AccessKeyId, new string('y', 40))), "SignatureDoesNotMatch");
            case Refusal.Anonymous:
                return (Put($"/{_bucket}/upload", null), "AccessDenied");
            case Refusal.BucketThatDoesNotExist:
                return (Put($"/{_bucket}-gone/upload", ServerProcessRoot), "NoSuchBucket");
            case Refusal.RegionOtherThanTheBucketsOne:
                return (Put($"/{_bucket}/upload", _key, "eu-west-3"), "AuthorizationHeaderMalformed");
            case Refusal.ConditionOnAnExistingObject:
                return (Put($"/{_bucket}/known", _key, "us-east-1", new KeyValuePair<string, string>("If-None-Match", "*")), "PreconditionFailed");
            case Refusal.InvalidCannedAcl:
                return (Put($"/{_bucket}/upload", _key, "us-east-1", new KeyValuePair<string, string>("x-amz-acl", "everyone-may-write")), "InvalidArgument");
            case Refusal.KeyTooLong:
                return (Put($"/{_bucket}/{new string('k', 1100)}", _key), "KeyTooLongError");
            case Refusal.UnservedSubresource:
                return (Put($"/{_bucket}?website", _key), "NotImplemented");
            case Refusal.DeclaredSizeOverFiveGiB:
                var huge = Put($"/{_bucket}/upload", _key, "us-east-1", new KeyValuePair<string, string>("Content-Length", (6L << 30).ToString(CultureInfo.InvariantCulture)));
                return (huge with { Body = [] }, "EntityTooLarge");
            default:
                // A target of another service is refused before the body is read.
                var lightsail = RawRequest.Lightsail(endpoint, "GetBuckets", Encoding.UTF8.GetBytes($"{{\"padding\":\"{new string('p', body.Length)}\"}}"), ServerProcessRoot)
                    .WithHeader("X-Amz-Target", "DynamoDB_20120810.ListTables");
                return (lightsail with { Headers = [.. lightsail.Headers, expect] }, "UnknownOperationException");
        }
    }

    private static Credentials ServerProcessRoot => LocalSail.Testing.ServerProcess.RootCredentials;

    /// <summary>One server for every case: a bucket with a key and a known object, and another bucket.</summary>
    public sealed class Server : IAsyncLifetime
    {
        public BatteryServer Process { get; private set; } = null!;

        public string Bucket { get; private set; } = null!;

        public string OtherBucket { get; private set; } = null!;

        public Credentials Key { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Process = await BatteryServer.StartAsync();
            Bucket = await Process.CreateBucketAsync("expect");
            OtherBucket = await Process.CreateBucketAsync("expect-other");
            Key = await Process.CreateKeyAsync(Bucket);
            var put = await Process.S3.SendAsync(HttpMethod.Put, Process.ObjectUrl(Bucket, "known"), Key, Known);
            Assert.Equal(200, put.Status);
        }

        public async Task DisposeAsync() => await Process.DisposeAsync();
    }
}
