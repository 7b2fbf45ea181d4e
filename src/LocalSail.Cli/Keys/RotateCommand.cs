using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalSail.Cli.Lightsail;
using LocalSail.Cli.Lightsail.Output;
using LocalSail.Client;
using LocalSail.Client.Configuration;
using LocalSail.Client.Errors;
using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Signing;

namespace LocalSail.Cli.Keys;

/// <summary>
/// <c>localsail keys rotate --bucket-name NAME</c>: creates a second key, proves it against S3, prints it
/// once, and only then deletes the old key. Every failure leaves a working key and says which.
/// </summary>
internal sealed class RotateCommand
{
    private readonly LightsailCommandServices _services;
    private readonly GlobalOptions _globals = new();
    private readonly Option<string> _bucketName = new("--bucket-name") { Description = "The bucket whose key to rotate." };
    private readonly Option<string?> _deleteKeyId = new("--delete-access-key-id") { Description = "The key to retire; needed when the bucket already holds two, and then deleted before the new key is created (the other key keeps working)." };
    private readonly Option<string?> _s3EndpointUrl = new("--s3-endpoint-url") { Description = "Where to prove the new key over S3. When not given: --endpoint-url, else AWS_ENDPOINT_URL_S3 or the profile's S3 endpoint_url, else the Lightsail endpoint unless it is AWS's own." };

    public RotateCommand(LightsailCommandServices services)
    {
        _services = services;
        Command = new Command("rotate", "Replaces a bucket's access key, never leaving the bucket without a working one.");
        foreach (var option in _globals.All.Append(_bucketName).Append(_deleteKeyId).Append(_s3EndpointUrl))
        {
            Command.Options.Add(option);
        }

        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var stdout = result.InvocationConfiguration.Output;
        var stderr = result.InvocationConfiguration.Error;
        GlobalOptionValues globals;
        string bucket;
        Uri? s3Endpoint;
        try
        {
            globals = _globals.Read(result, _services.ResolvedEnvironment);
            bucket = result.GetValue(_bucketName) ?? throw new CliUsageException("the following arguments are required: --bucket-name");
            s3Endpoint = ParseUrl(result.GetValue(_s3EndpointUrl)) ?? globals.EndpointUrl;
        }
        catch (CliUsageException e)
        {
            await stderr.WriteAsync(Usage.Format(e.Message)).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        LightsailClient client;
        try
        {
            client = _services.CreateClient(globals);
            s3Endpoint ??= ConfiguredS3Endpoint(globals, client.Settings);
        }
        catch (LightsailConfigurationException e)
        {
            await stderr.WriteAsync(e.Message + "\n").ConfigureAwait(false);
            return ExitCodes.ConfigurationError;
        }

        using (client)
        {
            var rotation = new Rotation(client, new S3KeyProbe(_services.HttpHandler, _services.Delay), stdout, stderr, globals.Output);
            try
            {
                return await rotation.RunAsync(bucket, result.GetValue(_deleteKeyId), s3Endpoint, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                await stderr.WriteAsync($"\nCould not connect to the endpoint URL: \"{client.Settings.Endpoint}\" ({e.Message}). Check the bucket's keys with get-bucket-access-keys.\n").ConfigureAwait(false);
                return ExitCodes.OtherError;
            }
        }
    }

    /// <summary>
    /// Without <c>--s3-endpoint-url</c> or <c>--endpoint-url</c>: the AWS tools' configuration for S3
    /// (<c>AWS_ENDPOINT_URL_S3</c>, <c>AWS_ENDPOINT_URL</c>, the profile's), else the Lightsail endpoint when it
    /// is not AWS's own, since LocalSail serves both APIs on one port; null means AWS's S3.
    /// </summary>
    private Uri? ConfiguredS3Endpoint(GlobalOptionValues globals, ClientSettings lightsail)
    {
        var environment = _services.ResolvedEnvironment;
        var configured = ConfiguredEndpoint.Find("s3", environment, globals.Profile);
        if (configured is not null)
        {
            return configured;
        }

        return ClientSettingsResolver.IsDefaultEndpoint(lightsail.Endpoint, lightsail.Region) ? null : lightsail.Endpoint;
    }

    private static Uri? ParseUrl(string? value) =>
        value is null ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri
        : throw new CliUsageException($"Bad value for --s3-endpoint-url \"{value}\"");

    /// <summary>The steps of one rotation, each reporting the bucket's state if it fails.</summary>
    private sealed class Rotation(LightsailClient client, S3KeyProbe probe, TextWriter stdout, TextWriter stderr, string outputFormat)
    {
        public async Task<int> RunAsync(string bucket, string? deleteKeyId, Uri? s3Endpoint, CancellationToken cancellationToken)
        {
            List<AccessKey> existing;
            try
            {
                existing = (await client.GetBucketAccessKeysAsync(new GetBucketAccessKeysRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false)).AccessKeys ?? [];
            }
            catch (LightsailException e)
            {
                await stderr.WriteAsync(OperationCaller.FormatServiceError(e, "GetBucketAccessKeys") + "Nothing was changed.\n").ConfigureAwait(false);
                return ExitCodes.ServiceError;
            }

            var ids = existing.Select(k => k.AccessKeyId).OfType<string>().ToList();
            if (deleteKeyId is not null && !ids.Contains(deleteKeyId))
            {
                await stderr.WriteAsync($"Bucket {bucket} has no access key {deleteKeyId} (it has: {Describe(ids)}). Nothing was changed.\n").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            if (ids.Count >= 2 && deleteKeyId is null)
            {
                await stderr.WriteAsync(
                    $"Bucket {bucket} already holds two access keys ({Describe(ids)}), the most it can hold. " +
                    "Name the one to retire with --delete-access-key-id. Nothing was changed.\n").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var oldKeyId = deleteKeyId ?? ids.FirstOrDefault();
            string? keptKeyId = null;
            if (ids.Count >= 2)
            {
                // No room for a third key: the named one goes first; the other keeps the bucket reachable.
                keptKeyId = ids.First(id => id != oldKeyId);
                await stderr.WriteAsync($"Deleting {oldKeyId} first, as a bucket holds at most two keys; {keptKeyId} stays in place.\n").ConfigureAwait(false);
                if (!await DeleteAsync(bucket, oldKeyId!, $"Bucket {bucket} still has both keys ({Describe(ids)}).", cancellationToken).ConfigureAwait(false))
                {
                    return ExitCodes.ServiceError;
                }

                oldKeyId = null;
            }

            LightsailRawResponse created;
            try
            {
                created = await client.SendAsync("CreateBucketAccessKey", JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["bucketName"] = bucket }), cancellationToken).ConfigureAwait(false);
            }
            catch (LightsailException e)
            {
                await stderr.WriteAsync(OperationCaller.FormatServiceError(e, "CreateBucketAccessKey") + $"No key was created; the bucket's keys are {Describe(ids.Where(id => oldKeyId is not null || id != deleteKeyId))}.\n").ConfigureAwait(false);
                return ExitCodes.ServiceError;
            }

            var response = ResponseShaper.Shape(LightsailShapes.CreateBucketAccessKeyResult, created.Body);
            var accessKey = response["accessKey"] as JsonObject;
            var newId = accessKey?["accessKeyId"]?.GetValue<string>();
            var newSecret = accessKey?["secretAccessKey"]?.GetValue<string>();
            if (newId is null || newSecret is null)
            {
                await stderr.WriteAsync("CreateBucketAccessKey answered without a key id and secret; no key was deleted.\n").ConfigureAwait(false);
                return ExitCodes.OtherError;
            }

            var failure = await probe.ProveAsync(S3KeyProbe.ListUrl(s3Endpoint, bucket, client.Settings.Region), new Credentials(newId, newSecret), client.Settings.Region, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                // A key whose secret nobody saw is useless; removing it leaves the bucket as it was.
                var state = oldKeyId is not null ? $"The old key {oldKeyId} is untouched."
                    : keptKeyId is not null ? $"The bucket keeps its other key {keptKeyId}."
                    : "The bucket had no key before and has none now.";
                await stderr.WriteAsync($"The new key {newId} could not be proven: {failure}. {state}\n").ConfigureAwait(false);
                await DeleteAsync(bucket, newId, $"The unproven key {newId} is still on the bucket; delete it with: localsail lightsail delete-bucket-access-key --bucket-name {bucket} --access-key-id {newId}", cancellationToken).ConfigureAwait(false);
                return ExitCodes.OtherError;
            }

            await ResponsePrinter.PrintAsync(new JsonObject { ["accessKey"] = accessKey!.DeepClone() }, outputFormat, "CreateBucketAccessKey", stdout).ConfigureAwait(false);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);

            if (oldKeyId is null)
            {
                await stderr.WriteAsync($"New key {newId} works; there was no old key to delete.\n").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            if (!await DeleteAsync(bucket, oldKeyId, $"Both the new key {newId} (printed above) and the old key {oldKeyId} work; delete the old one with: localsail lightsail delete-bucket-access-key --bucket-name {bucket} --access-key-id {oldKeyId}", cancellationToken).ConfigureAwait(false))
            {
                return ExitCodes.ServiceError;
            }

            await stderr.WriteAsync($"New key {newId} works; old key {oldKeyId} deleted.\n").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        private async Task<bool> DeleteAsync(string bucket, string keyId, string stateIfFailed, CancellationToken cancellationToken)
        {
            try
            {
                await client.DeleteBucketAccessKeyAsync(new DeleteBucketAccessKeyRequest { BucketName = bucket, AccessKeyId = keyId }, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (LightsailException e)
            {
                await stderr.WriteAsync(OperationCaller.FormatServiceError(e, "DeleteBucketAccessKey") + stateIfFailed + "\n").ConfigureAwait(false);
                return false;
            }
        }

        private static string Describe(IEnumerable<string> ids)
        {
            var list = ids.ToList();
            return list.Count == 0 ? "none" : string.Join(", ", list);
        }
    }
}
