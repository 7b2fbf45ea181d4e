using System.Text;
using LocalSail.Server.Hosting;

namespace LocalSail.Cli.Serve;

/// <summary>What <c>serve</c> prints once it listens: where, with which credentials, and how to point clients at it.</summary>
public static class StartupBanner
{
    public static string Describe(LocalSailServer server, LocalSailOptions options)
    {
        var endpoint = server.Endpoint.ToString().TrimEnd('/');
        var account = server.Account;
        var storage = options.InMemory ? "in memory (deleted at exit)" : options.ResolveDataDirectory();
        var secret = account.IsDevelopment ? account.SecretAccessKey : "<your LOCALSAIL_SECRET_ACCESS_KEY>";
        var text = new StringBuilder();
        text.AppendLine($"LocalSail is listening on {endpoint}");
        text.AppendLine($"  data:    {storage}");
        text.AppendLine($"  account: {account.AccountId}{(account.IsDevelopment ? " (development credentials, loopback only)" : string.Empty)}");
        if (server.Accounts.Count > 1)
        {
            text.AppendLine($"  more accounts: {string.Join(", ", server.Accounts.Skip(1).Select(a => a.AccountId))} (root keys from LOCALSAIL_ACCOUNTS)");
        }
        if (options.ConsoleEnabled)
        {
            text.AppendLine($"  console: {endpoint}/_localsail/console");
        }

        text.AppendLine($"  health:  {endpoint}/_localsail/health   metrics: {endpoint}/_localsail/metrics");
        text.AppendLine();
        text.AppendLine("Point the AWS CLI and SDKs at it:");
        text.AppendLine($"  export AWS_ACCESS_KEY_ID={account.AccessKeyId}");
        text.AppendLine($"  export AWS_SECRET_ACCESS_KEY={secret}");
        // The AWS CLI v1 and boto3 read only AWS_DEFAULT_REGION; the other SDKs read AWS_REGION.
        text.AppendLine($"  export AWS_DEFAULT_REGION={options.Region} AWS_REGION={options.Region}");
        text.AppendLine($"  aws lightsail create-bucket --bucket-name my-bucket --bundle-id small_1_0 --endpoint-url {endpoint}");
        text.AppendLine($"  boto3.client(\"lightsail\", endpoint_url=\"{endpoint}\")");
        text.AppendLine($"  new AmazonLightsailClient(new AmazonLightsailConfig {{ ServiceURL = \"{endpoint}\", AuthenticationRegion = \"{options.Region}\" }})");
        text.AppendLine($"S3 with a bucket access key: aws s3 ls s3://my-bucket --endpoint-url {endpoint}");
        text.Append("Press Ctrl-C to stop.");
        return text.ToString();
    }
}
