using LocalSail.Server.Hosting;
using LocalSail.Server.Storage;
using LocalSail.Signing;

namespace LocalSail.Server.Operator.Console;

/// <summary>
/// Short-lived presigned S3 URLs on this server, signed with the account's root key, for the console's object
/// browser: the browser then lists, uploads (with progress), downloads and deletes over the public S3 endpoint
/// of the same origin, like any other client.
/// </summary>
internal sealed class ConsolePresigner(IControlPlaneStore store, AccountCredentials account, TimeProvider clock)
{
    /// <summary>How long a URL may be used to start a request (a transfer that started may run longer).</summary>
    public const int ExpiresSeconds = 300;

    /// <summary>The presigned URL, or why there is none.</summary>
    /// <param name="host">The Host header the browser sends to this server (the console's own).</param>
    public async Task<(ConsolePresignResult? Result, string? Error)> PresignAsync(ConsolePresignRequest request, ResourceScope scope, string host, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Bucket))
        {
            return (null, "Name the bucket.");
        }

        if (StorableText.HasNul(request.Bucket))
        {
            return (null, $"The bucket name must not contain {StorableText.NulCharacter}.");
        }

        var bucket = await store.GetBucketAsync(scope, request.Bucket, cancellationToken);
        if (bucket is null)
        {
            return (null, $"The bucket '{request.Bucket}' does not exist in {scope.Region}.");
        }

        var parameters = new List<KeyValuePair<string, string>>();
        string method;
        switch (request.Operation)
        {
            case "ListObjectsV2":
                method = "GET";
                parameters.Add(new("list-type", "2"));
                AddIfPresent(parameters, "prefix", request.Prefix);
                AddIfPresent(parameters, "delimiter", request.Delimiter);
                AddIfPresent(parameters, "continuation-token", request.ContinuationToken);
                break;
            case "GetObject":
                method = "GET";
                if (request.Download == true && request.Key is not null)
                {
                    parameters.Add(new("response-content-disposition", AttachmentDisposition(request.Key)));
                }

                break;
            case "PutObject":
                method = "PUT";
                break;
            case "DeleteObject":
                method = "DELETE";
                break;
            default:
                return (null, "The console presigns ListObjectsV2, GetObject, PutObject and DeleteObject only.");
        }

        var isObjectOperation = request.Operation != "ListObjectsV2";
        if (isObjectOperation && string.IsNullOrEmpty(request.Key))
        {
            return (null, "Name the object's key.");
        }

        var path = "/" + UriEncoding.Encode(bucket.Name, encodeSlash: true)
            + (isObjectOperation ? "/" + UriEncoding.Encode(request.Key!, encodeSlash: false) : string.Empty);
        var query = Presigner.PresignQuery(
            method,
            host,
            path,
            parameters,
            new Credentials(account.AccessKeyId, account.SecretAccessKey),
            bucket.Scope.Region,
            "s3",
            clock.GetUtcNow(),
            ExpiresSeconds);
        return (new ConsolePresignResult(method, path + "?" + query, ExpiresSeconds), null);
    }

    private static void AddIfPresent(List<KeyValuePair<string, string>> parameters, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parameters.Add(new(name, value));
        }
    }

    /// <summary>Saves the object under the last part of its key, with an ASCII fallback for older browsers.</summary>
    internal static string AttachmentDisposition(string key)
    {
        var name = key.TrimEnd('/');
        name = name[(name.LastIndexOf('/') + 1)..];
        if (name.Length == 0)
        {
            name = "download";
        }

        var ascii = new string([.. name.Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '_')]);
        return $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{UriEncoding.Encode(name, encodeSlash: true)}";
    }
}
