namespace LocalSail.Server.Hosting;

/// <summary>
/// Every account the server serves, each with its own root key: the first (<c>LOCALSAIL_ACCOUNT_ID</c> with
/// <c>LOCALSAIL_ACCESS_KEY_ID</c> and <c>LOCALSAIL_SECRET_ACCESS_KEY</c>, or the development account), whose
/// are the console, the reset and the metrics, and those <c>LOCALSAIL_ACCOUNTS</c> adds. Accounts never see
/// each other's buckets, keys or operations; one reads another's bucket only where that bucket lists it in
/// <c>readonlyAccessAccounts</c>.
/// </summary>
internal sealed class ServedAccounts
{
    private ServedAccounts(IReadOnlyList<AccountCredentials> all) => All = all;

    /// <summary>These accounts, already checked, the first one first.</summary>
    public static ServedAccounts Of(params AccountCredentials[] accounts) =>
        accounts.Length > 0 ? new ServedAccounts(accounts) : throw new ArgumentException("A server serves at least one account.", nameof(accounts));

    /// <summary>The first account: the one the console, the reset, the metrics and the printed examples use.</summary>
    public AccountCredentials Primary => All[0];

    /// <summary>Every account, the first one first.</summary>
    public IReadOnlyList<AccountCredentials> All { get; }

    /// <summary>
    /// The accounts the options describe, or every reason the server must not start with them. A message never
    /// holds a secret: an entry that cannot be read is named by its position.
    /// </summary>
    public static (ServedAccounts? Accounts, IReadOnlyList<string> Errors) From(LocalSailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (primary, primaryError) = AccountCredentials.From(options);
        var errors = new List<string>();
        if (primaryError is not null)
        {
            errors.Add(primaryError);
        }

        var all = new List<AccountCredentials>();
        if (primary is not null)
        {
            all.Add(primary);
        }

        for (var i = 0; i < options.Accounts.Length; i++)
        {
            var (account, error) = Parse(options.Accounts[i], i + 1);
            if (error is not null)
            {
                errors.Add(error);
                continue;
            }

            if (all.Any(a => a.AccountId == account!.AccountId))
            {
                errors.Add($"LOCALSAIL_ACCOUNTS names account {account!.AccountId} twice (or the account LOCALSAIL_ACCOUNT_ID already is); each account is named once.");
            }
            else if (all.Any(a => a.AccessKeyId == account!.AccessKeyId))
            {
                errors.Add($"LOCALSAIL_ACCOUNTS gives the access key id {account!.AccessKeyId} to two accounts; each account has its own root key.");
            }
            else
            {
                all.Add(account!);
            }
        }

        return errors.Count > 0 || primary is null ? (null, errors) : (new ServedAccounts(all), errors);
    }

    /// <summary>One entry of <c>LOCALSAIL_ACCOUNTS</c>: <c>account-id:access-key-id:secret-access-key</c> (the secret may hold colons).</summary>
    public static (AccountCredentials? Account, string? Error) Parse(string entry, int position)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var parts = entry.Trim().Split(':', 3);
        if (parts.Length != 3)
        {
            return (null, $"LOCALSAIL_ACCOUNTS entry {position} must be account-id:access-key-id:secret-access-key (entries are comma-separated).");
        }

        var (accountId, accessKeyId, secret) = (parts[0], parts[1], parts[2]);
        if (accountId.Length != 12 || !accountId.All(char.IsAsciiDigit))
        {
            return (null, $"LOCALSAIL_ACCOUNTS entry {position}: the account id must be 12 digits.");
        }

        if (accessKeyId.Length is < 16 or > 128 || !accessKeyId.All(char.IsAsciiLetterOrDigit))
        {
            return (null, $"LOCALSAIL_ACCOUNTS entry {position} (account {accountId}): the access key id must be 16 to 128 letters and digits.");
        }

        if (secret.Length < 16)
        {
            return (null, $"LOCALSAIL_ACCOUNTS entry {position} (account {accountId}): the secret access key must be at least 16 characters.");
        }

        return (new AccountCredentials(accountId, accessKeyId, secret, IsDevelopment: false), null);
    }
}
