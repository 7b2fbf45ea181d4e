using LocalSail.Server.Authentication;
using LocalSail.Server.Hosting;
using LocalSail.Server.Operator;
using LocalSail.Server.Storage;
using LocalSail.Signing;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Tests.Operator;

/// <summary>
/// Who may use what beyond loopback, decided from the options alone (tests listen on loopback, so these
/// decisions are checked here directly).
/// </summary>
public sealed class OperatorAccessTests
{
    private static readonly AccountCredentials Account = new("123456789012", "AKIAEXPLICITROOTKEY1", "an-explicit-root-secret-of-forty-chars!!", IsDevelopment: false);

    [Theory]
    [InlineData("127.0.0.1", false, false, true)]
    [InlineData("::1", false, false, true)]
    [InlineData("localhost", false, false, true)]
    [InlineData("0.0.0.0", false, false, false)]
    [InlineData("10.1.2.3", false, false, false)]
    [InlineData("0.0.0.0", true, false, true)]
    [InlineData("0.0.0.0", false, true, true)]
    public void A_reset_is_allowed_on_loopback_in_memory_or_when_enabled_only(string host, bool inMemory, bool allowReset, bool allowed)
    {
        var access = Access(new LocalSailOptions { Host = host, InMemory = inMemory, AllowReset = allowReset });
        Assert.Equal(allowed, access.ResetAllowed);
    }

    [Fact]
    public void Beyond_loopback_metrics_need_the_token_unless_made_public()
    {
        var options = new LocalSailOptions { Host = "0.0.0.0", MetricsToken = "a-metrics-token-of-some-length" };
        var access = Access(options);
        Assert.False(access.MetricsOpen);
        Assert.True(access.HasMetricsToken(Request(("Authorization", "Bearer a-metrics-token-of-some-length"))));
        Assert.True(access.HasMetricsToken(Request(("Authorization", "bearer a-metrics-token-of-some-length"))));
        Assert.False(access.HasMetricsToken(Request(("Authorization", "Bearer a-metrics-token-of-some-lengthX"))));
        Assert.False(access.HasMetricsToken(Request(("Authorization", "Basic a-metrics-token-of-some-length"))));
        Assert.False(access.HasMetricsToken(Request()));

        Assert.False(Access(new LocalSailOptions { Host = "0.0.0.0" }).HasMetricsToken(Request(("Authorization", "Bearer "))));
        Assert.True(Access(new LocalSailOptions { Host = "0.0.0.0", PublicMetrics = true }).MetricsOpen);
        Assert.True(Access(new LocalSailOptions { Host = "127.0.0.1" }).MetricsOpen);
    }

    [Fact]
    public async Task A_root_signature_is_recognized_and_a_bucket_key_or_another_account_is_not()
    {
        var access = Access(new LocalSailOptions { Host = "0.0.0.0" });
        var signed = SignedRequest(new Credentials(Account.AccessKeyId, Account.SecretAccessKey));
        Assert.True(await access.IsSignedByRootAsync(signed, ReadOnlyMemory<byte>.Empty, CancellationToken.None));

        var wrong = SignedRequest(new Credentials(Account.AccessKeyId, "not-the-secret-at-all-but-long-enough"));
        Assert.False(await access.IsSignedByRootAsync(wrong, ReadOnlyMemory<byte>.Empty, CancellationToken.None));
        Assert.False(await access.IsSignedByRootAsync(Request(), ReadOnlyMemory<byte>.Empty, CancellationToken.None));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("same-origin", null, false)]
    [InlineData("none", null, false)]
    [InlineData("cross-site", null, true)]
    [InlineData("same-site", null, true)]
    [InlineData(null, "http://127.0.0.1:4570", false)]
    [InlineData(null, "http://attacker.example", true)]
    [InlineData(null, "null", true)]
    public void A_browser_request_on_behalf_of_another_site_is_recognized(string? fetchSite, string? origin, bool crossSite)
    {
        var headers = new List<(string, string)>();
        if (fetchSite is not null)
        {
            headers.Add(("Sec-Fetch-Site", fetchSite));
        }

        if (origin is not null)
        {
            headers.Add(("Origin", origin));
        }

        Assert.Equal(crossSite, OperatorAccess.IsCrossSite(Request([.. headers])));
    }

    [Fact]
    public async Task The_root_key_of_another_served_account_is_not_the_operator_s()
    {
        var second = new AccountCredentials("222222222222", "AKIASECONDACCOUNT001", "second-account-secret-000000000000000000", IsDevelopment: false);
        var access = Access(new LocalSailOptions { Host = "0.0.0.0" }, second);

        Assert.False(await access.IsSignedByRootAsync(SignedRequest(new Credentials(second.AccessKeyId, second.SecretAccessKey)), ReadOnlyMemory<byte>.Empty, CancellationToken.None));
        Assert.True(await access.IsSignedByRootAsync(SignedRequest(new Credentials(Account.AccessKeyId, Account.SecretAccessKey)), ReadOnlyMemory<byte>.Empty, CancellationToken.None));
    }

    private static OperatorAccess Access(LocalSailOptions options, params AccountCredentials[] moreAccounts) =>
        new(options, Account, new SigV4Verifier(new CredentialResolver(ServedAccounts.Of([Account, .. moreAccounts]), null!, new ControlPlaneChanges()), new SigningKeyCache(), TimeProvider.System));

    private static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Host = new HostString("127.0.0.1:4570");
        context.Request.Path = "/_localsail/metrics";
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }

    /// <summary>A GET of the metrics signed as a client would sign it, copied onto a server-side request.</summary>
    private static HttpRequest SignedRequest(Credentials credentials)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:4570/_localsail/metrics");
        new RequestSigner().Sign(message, credentials, "us-east-1", "lightsail", DateTimeOffset.UtcNow, SigV4.EmptyPayloadHash);
        return Request(
            ("Authorization", message.Headers.Authorization!.ToString()),
            ("X-Amz-Date", message.Headers.GetValues("X-Amz-Date").Single()));
    }
}
