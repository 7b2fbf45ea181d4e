using System.Net;

namespace LocalSail.Server.Hosting;

/// <summary>The account's root credentials, as configured or the documented development defaults.</summary>
public sealed record AccountCredentials(string AccountId, string AccessKeyId, string SecretAccessKey, bool IsDevelopment)
{
    /// <summary>Development credentials, accepted only while the server listens on loopback alone.</summary>
    public const string DevelopmentAccessKeyId = "AKIALOCALSAILDEVROOT";

    public const string DevelopmentSecretAccessKey = "localsail/development/secret/key/0000000";

    public const string DevelopmentAccountId = "000000000000";

    public override string ToString() => $"AccountCredentials {{ AccountId = {AccountId}, AccessKeyId = {AccessKeyId} }}";

    /// <summary>
    /// The credentials the options describe, or the reason the server must not start with them.
    /// </summary>
    public static (AccountCredentials? Credentials, string? Error) From(LocalSailOptions options)
    {
        var hasKey = !string.IsNullOrEmpty(options.AccessKeyId);
        var hasSecret = !string.IsNullOrEmpty(options.SecretAccessKey);
        if (hasKey != hasSecret)
        {
            return (null, "LOCALSAIL_ACCESS_KEY_ID and LOCALSAIL_SECRET_ACCESS_KEY must be set together.");
        }

        var accountId = string.IsNullOrEmpty(options.AccountId) ? DevelopmentAccountId : options.AccountId;
        if (accountId.Length != 12 || !accountId.All(char.IsAsciiDigit))
        {
            return (null, $"LOCALSAIL_ACCOUNT_ID must be 12 digits, not '{accountId}'.");
        }

        if (hasKey)
        {
            if (options.AccessKeyId!.Length is < 16 or > 128 || !options.AccessKeyId.All(char.IsAsciiLetterOrDigit))
            {
                return (null, "LOCALSAIL_ACCESS_KEY_ID must be 16 to 128 letters and digits.");
            }

            if (options.SecretAccessKey!.Length < 16)
            {
                return (null, "LOCALSAIL_SECRET_ACCESS_KEY must be at least 16 characters.");
            }

            return (new AccountCredentials(accountId, options.AccessKeyId, options.SecretAccessKey, IsDevelopment: false), null);
        }

        if (!IsLoopback(options.Host))
        {
            return (null,
                $"Refusing to listen on {options.Host} with the public development credentials. " +
                "Set LOCALSAIL_ACCESS_KEY_ID, LOCALSAIL_SECRET_ACCESS_KEY and LOCALSAIL_ACCOUNT_ID, or listen on 127.0.0.1.");
        }

        return (new AccountCredentials(accountId, DevelopmentAccessKeyId, DevelopmentSecretAccessKey, IsDevelopment: true), null);
    }

    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
