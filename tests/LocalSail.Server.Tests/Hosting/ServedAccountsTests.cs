using System.Collections;
using LocalSail.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace LocalSail.Server.Tests.Hosting;

/// <summary>The accounts a server serves: the first (configured or the development one) and those LOCALSAIL_ACCOUNTS adds.</summary>
public sealed class ServedAccountsTests
{
    private const string SecondSecret = "second-account-secret/with:colon+000000";
    private const string ThirdSecret = "third-account-secret-000000000000000000";

    private static LocalSailOptions FromEnvironment(Dictionary<string, string> environment) =>
        LocalSailConfiguration.Bind(new ConfigurationBuilder().AddLocalSailEnvironmentVariables(new Hashtable(environment)).Build());

    [Fact]
    public void Without_configuration_the_server_serves_the_development_account_alone()
    {
        var (accounts, errors) = ServedAccounts.From(new LocalSailOptions());

        Assert.Empty(errors);
        var only = Assert.Single(accounts!.All);
        Assert.Same(only, accounts.Primary);
        Assert.Equal((AccountCredentials.DevelopmentAccountId, AccountCredentials.DevelopmentAccessKeyId, true), (only.AccountId, only.AccessKeyId, only.IsDevelopment));
    }

    [Fact]
    public void LOCALSAIL_ACCOUNTS_adds_accounts_after_the_first_each_with_its_own_root_key()
    {
        var options = FromEnvironment(new()
        {
            ["LOCALSAIL_ACCOUNTS"] = $"222222222222:AKIASECONDACCOUNT001:{SecondSecret}, 333333333333:AKIATHIRDACCOUNT0001:{ThirdSecret}",
        });

        var (accounts, errors) = ServedAccounts.From(options);

        Assert.Empty(errors);
        Assert.Equal(
            [(AccountCredentials.DevelopmentAccountId, AccountCredentials.DevelopmentAccessKeyId, AccountCredentials.DevelopmentSecretAccessKey), ("222222222222", "AKIASECONDACCOUNT001", SecondSecret), ("333333333333", "AKIATHIRDACCOUNT0001", ThirdSecret)],
            accounts!.All.Select(a => (a.AccountId, a.AccessKeyId, a.SecretAccessKey)));
        Assert.Equal(AccountCredentials.DevelopmentAccountId, accounts.Primary.AccountId);
        Assert.All(accounts.All.Skip(1), a => Assert.False(a.IsDevelopment));
    }

    [Fact]
    public void Accounts_may_also_be_given_one_variable_each()
    {
        var options = FromEnvironment(new()
        {
            ["LOCALSAIL_ACCOUNTS__0"] = $"222222222222:AKIASECONDACCOUNT001:{SecondSecret}",
            ["LOCALSAIL_ACCOUNTS__1"] = $"333333333333:AKIATHIRDACCOUNT0001:{ThirdSecret}",
        });

        Assert.Equal(["222222222222", "333333333333"], ServedAccounts.From(options).Accounts!.All.Skip(1).Select(a => a.AccountId));
    }

    [Theory]
    [InlineData("222222222222:AKIASECONDACCOUNT001", "LOCALSAIL_ACCOUNTS entry 1 must be account-id:access-key-id:secret-access-key")]
    [InlineData("2222:AKIASECONDACCOUNT001:" + SecondSecret, "LOCALSAIL_ACCOUNTS entry 1: the account id must be 12 digits.")]
    [InlineData("222222222222:AKIA-SHORT:" + SecondSecret, "LOCALSAIL_ACCOUNTS entry 1 (account 222222222222): the access key id must be 16 to 128 letters and digits.")]
    [InlineData("222222222222:AKIASECONDACCOUNT001:short-secret", "LOCALSAIL_ACCOUNTS entry 1 (account 222222222222): the secret access key must be at least 16 characters.")]
    [InlineData("000000000000:AKIASECONDACCOUNT001:" + SecondSecret, "names account 000000000000 twice")]
    [InlineData("222222222222:AKIALOCALSAILDEVROOT:" + SecondSecret, "gives the access key id AKIALOCALSAILDEVROOT to two accounts")]
    public void An_entry_that_cannot_be_used_stops_the_server_with_a_sentence_that_holds_no_secret(string entry, string expected)
    {
        var options = new LocalSailOptions { Accounts = [entry] };

        var (accounts, errors) = ServedAccounts.From(options);

        Assert.Null(accounts);
        var error = Assert.Single(errors);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-000", error, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret", error, StringComparison.Ordinal);
        Assert.Contains(error, LocalSailOptionsValidator.Check(options));
    }

    [Fact]
    public void Two_entries_for_one_account_are_refused()
    {
        var (_, errors) = ServedAccounts.From(new LocalSailOptions
        {
            Accounts = [$"222222222222:AKIASECONDACCOUNT001:{SecondSecret}", $"222222222222:AKIATHIRDACCOUNT0001:{ThirdSecret}"],
        });

        Assert.Contains("names account 222222222222 twice", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void More_accounts_do_not_let_the_development_account_listen_beyond_loopback()
    {
        var (accounts, errors) = ServedAccounts.From(new LocalSailOptions { Host = "0.0.0.0", Accounts = [$"222222222222:AKIASECONDACCOUNT001:{SecondSecret}"] });

        Assert.Null(accounts);
        Assert.Contains("development credentials", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_reports_every_account_it_serves()
    {
        await using var server = await LocalSailServer.StartAsync(new LocalSailOptions
        {
            Port = 0,
            InMemory = true,
            Accounts = [$"222222222222:AKIASECONDACCOUNT001:{SecondSecret}"],
        });

        Assert.Equal([AccountCredentials.DevelopmentAccountId, "222222222222"], server.Accounts.Select(a => a.AccountId));
        Assert.Equal(AccountCredentials.DevelopmentAccountId, server.Account.AccountId);
    }
}
