using System.Text;
using LocalSail.Signing;
using Xunit.Abstractions;

namespace LocalSail.Server.Tests.Reliability.Connections;

/// <summary>
/// A request that announces a body with <c>Expect: 100-continue</c> and is answered with success without
/// its body being read (a read, a delete, a listing, a multipart upload started): the client then does not
/// send the body, so the next request on the connection must be answered as itself, or the answer must
/// close the connection, as it does for a refusal.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ExpectContinueSuccessTests(ExpectContinueRefusalTests.Server fixture, ITestOutputHelper output)
    : IClassFixture<ExpectContinueRefusalTests.Server>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("GET", "/known")]
    [InlineData("DELETE", "/gone")]
    [InlineData("GET", "?list-type=2")]
    [InlineData("POST", "/multipart?uploads")]
    public async Task A_success_answered_before_the_body_leaves_the_next_request_answered(string method, string resource)
    {
        var server = fixture.Process;
        var request = RawRequest.S3(server.Endpoint, method, $"/{fixture.Bucket}{resource}", fixture.Key, Encoding.ASCII.GetBytes("a body the operation does not read"), [new("Expect", "100-continue")], SigV4.UnsignedPayload);
        var connection = await server.ConnectAsync();
        try
        {
            // As botocore does: the head, then the body only after 100 Continue; a final answer first means no body.
            await connection.SendAsync((request with { Body = [] }).ToBytes());
            var first = await connection.ReadResponseAsync(Patience, skipInterim: false);
            Assert.NotNull(first);
            if (first.Status == 100)
            {
                await connection.SendAsync(request.Body);
                first = await connection.ReadResponseAsync(Patience);
                Assert.NotNull(first);
            }

            Assert.InRange(first.Status, 200, 299);
            var next = RawRequest.S3(server.Endpoint, "GET", $"/{fixture.Bucket}/known", fixture.Key).ToBytes();
            if (first.ClosesConnection)
            {
                connection.Dispose();
                connection = await server.ConnectAsync();
            }

            await connection.SendAsync(next);
            RawHttpResponse? answer;
            try
            {
                answer = await connection.ReadResponseAsync(Patience);
            }
            catch (TimeoutException)
            {
                answer = null;
            }

            Assert.True(answer is { Status: 200 }, $"{method} {resource} answered {first.Status} ({(first.ClosesConnection ? "closing" : "keeping")} the connection); the next request got {answer?.ToString() ?? "no answer"}");
            output.WriteLine($"{method} {resource}: {first.Status}, connection {(first.ClosesConnection ? "closed" : "kept")}, next request 200");
        }
        finally
        {
            connection.Dispose();
        }
    }
}
