using System.Text;
using LocalSail.Server.Tests.Reliability;
using LocalSail.Server.Tests.Reliability.Mutation;
using LocalSail.Testing;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Tests.ControlPlane;

/// <summary>
/// A Lightsail call whose body the HTTP layer cannot decode (HTTP chunked framing with a chunk size that
/// is not a number, or too large to read) is the client's error: a JSON error with <c>__type</c>, not an
/// exception that reaches the host and answers a bare 400 or 500.
/// </summary>
public sealed class LightsailBodyFramingTests : IAsyncLifetime
{
    private readonly RecordingLoggerProvider _logs = new();
    private RunningServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await RunningServer.StartAsync(configure: o => o.InMemory = true, configureLogging: logging => logging.AddProvider(_logs));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("zz\r\n{}\r\n0\r\n\r\n")]
    [InlineData("fffffffffffffffff\r\n{}\r\n0\r\n\r\n")]
    public async Task A_body_whose_chunked_framing_is_malformed_is_a_json_error(string framedBody)
    {
        var signed = RawRequest.Lightsail(_server.Endpoint, "GetBucketBundles", "{}"u8.ToArray(), _server.RootCredentials);
        var request = signed.WithoutHeader("Content-Length").WithHeader("Transfer-Encoding", "chunked") with { Body = Encoding.ASCII.GetBytes(framedBody) };
        using var connection = await RawHttpConnection.OpenAsync(_server.Endpoint);
        await connection.SendAsync(request.ToBytes());
        var answer = await connection.ReadResponseAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(answer);
        Assert.Equal(400, answer.Status);
        Assert.Null(MutationRunner.LightsailErrorProblem(answer));
        Assert.DoesNotContain(_logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal));
    }
}
