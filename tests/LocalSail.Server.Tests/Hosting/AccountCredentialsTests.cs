using LocalSail.Server.Hosting;

namespace LocalSail.Server.Tests.Hosting;

public sealed class AccountCredentialsTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("::1")]
    public void Development_credentials_are_used_on_loopback(string host)
    {
        var (credentials, error) = AccountCredentials.From(new LocalSailOptions { Host = host });
        Assert.Null(error);
        Assert.True(credentials!.IsDevelopment);
        Assert.Equal(AccountCredentials.DevelopmentAccountId, credentials.AccountId);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.0.2.10")]
    [InlineData("::")]
    public void Development_credentials_are_refused_off_loopback(string host)
    {
        var (credentials, error) = AccountCredentials.From(new LocalSailOptions { Host = host });
        Assert.Null(credentials);
        Assert.Contains("LOCALSAIL_ACCESS_KEY_ID", error);
    }

    [Fact]
    public void Explicit_credentials_may_listen_anywhere()
    {
        var (credentials, error) = AccountCredentials.From(new LocalSailOptions
        {
            Host = "0.0.0.0",
            AccessKeyId = "AKIAEXPLICITROOT0001",
            SecretAccessKey = "explicit-secret-explicit-secret-00000000",
            AccountId = "123456789012",
        });
        Assert.Null(error);
        Assert.False(credentials!.IsDevelopment);
        Assert.Equal("123456789012", credentials.AccountId);
        Assert.DoesNotContain("explicit-secret", credentials.ToString());
    }

    [Theory]
    [InlineData("AKIAEXPLICITROOT0001", null, "123456789012", "set together")]
    [InlineData("AKIAEXPLICITROOT0001", "explicit-secret-explicit-secret-00000000", "12345", "12 digits")]
    [InlineData("short", "explicit-secret-explicit-secret-00000000", "123456789012", "16 to 128")]
    public void Incomplete_or_malformed_credentials_are_refused(string? keyId, string? secret, string? account, string expected)
    {
        var (credentials, error) = AccountCredentials.From(new LocalSailOptions { AccessKeyId = keyId, SecretAccessKey = secret, AccountId = account });
        Assert.Null(credentials);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task The_server_refuses_to_start_off_loopback_without_credentials()
    {
        var error = await Assert.ThrowsAsync<LocalSailConfigurationException>(() =>
            LocalSailServer.StartAsync(new LocalSailOptions { Host = "0.0.0.0", Port = 0, InMemory = true }));
        Assert.Contains("development credentials", error.Message);
    }
}
