using System.Text;
using System.Text.Json.Nodes;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.Reliability.Mutation;

/// <summary>Where Lightsail cases point: buckets made for them (one to change, one to log to) and the root credentials.</summary>
public sealed record LightsailTarget(Uri Endpoint, string Bucket, string OtherBucket, Credentials Root);

/// <summary>
/// Seeded Lightsail cases: a complete, valid call of one of the operations (every member of its input
/// given) with one to three changes to its JSON (values, types, invalid text, structure, bytes), its
/// headers, its signature or its framing.
/// </summary>
public static class LightsailCases
{
    private const string Placeholder = "\u0001mutated\u0001";
    private static readonly byte[] PlaceholderJson = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(Placeholder));

    private static readonly string[] Targets =
    [
        "", "Lightsail_20161128.", "lightsail_20161128.GetBuckets", "Lightsail_20161128.GetInstances", "Lightsail_20161128.getBuckets",
        "Lightsail_20161128.GetBuckets ", "Lightsail_20161128.GetBuckets.Extra", "Lightsail_20161127.GetBuckets", "DynamoDB_20120810.ListTables",
    ];

    private static readonly string[] ContentTypes = ["application/json", "text/plain", "application/x-amz-json-1.0", "", "application/x-amz-json-1.1; charset=latin1", "multipart/form-data; boundary=x"];

    /// <summary>A complete body for each operation: every member of its input shape, with valid values.</summary>
    public static IReadOnlyList<(string Operation, JsonObject Body)> Bodies(LightsailTarget target, string fresh) =>
    [
        ("CreateBucket", new JsonObject
        {
            ["bucketName"] = fresh,
            ["bundleId"] = "small_1_0",
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "battery" }),
            ["enableObjectVersioning"] = true,
        }),
        ("GetBuckets", new JsonObject { ["bucketName"] = target.Bucket, ["pageToken"] = "page", ["includeConnectedResources"] = true, ["includeCors"] = true }),
        ("DeleteBucket", new JsonObject { ["bucketName"] = fresh, ["forceDelete"] = true }),
        ("UpdateBucket", new JsonObject
        {
            ["bucketName"] = target.Bucket,
            ["accessRules"] = new JsonObject { ["getObject"] = "private", ["allowPublicOverrides"] = false },
            ["versioning"] = "Enabled",
            ["readonlyAccessAccounts"] = new JsonArray("111122223333"),
            ["accessLogConfig"] = new JsonObject { ["enabled"] = true, ["destination"] = target.OtherBucket, ["prefix"] = "logs/" },
            ["cors"] = new JsonObject
            {
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["id"] = "rule",
                    ["allowedMethods"] = new JsonArray("GET"),
                    ["allowedOrigins"] = new JsonArray("*"),
                    ["allowedHeaders"] = new JsonArray("*"),
                    ["exposeHeaders"] = new JsonArray("ETag"),
                    ["maxAgeSeconds"] = 60,
                }),
            },
        }),
        ("UpdateBucketBundle", new JsonObject { ["bucketName"] = target.OtherBucket, ["bundleId"] = "medium_1_0" }),
        ("GetBucketBundles", new JsonObject { ["includeInactive"] = true }),
        ("GetBucketMetricData", new JsonObject
        {
            ["bucketName"] = target.Bucket,
            ["metricName"] = "BucketSizeBytes",
            ["startTime"] = 1_700_000_000,
            ["endTime"] = 1_700_086_400,
            ["period"] = 3600,
            ["statistics"] = new JsonArray("Maximum", "Average"),
            ["unit"] = "Bytes",
        }),
        ("SetResourceAccessForBucket", new JsonObject { ["resourceName"] = "instance-1", ["bucketName"] = target.Bucket, ["access"] = "allow" }),
        ("CreateBucketAccessKey", new JsonObject { ["bucketName"] = target.Bucket }),
        ("GetBucketAccessKeys", new JsonObject { ["bucketName"] = target.Bucket }),
        ("DeleteBucketAccessKey", new JsonObject { ["bucketName"] = target.Bucket, ["accessKeyId"] = "AKIA0000000000000000" }),
        ("GetOperation", new JsonObject { ["operationId"] = "00000000-0000-0000-0000-000000000000" }),
        ("GetOperations", new JsonObject { ["pageToken"] = "page" }),
        ("GetOperationsForResource", new JsonObject { ["resourceName"] = target.Bucket, ["pageToken"] = "page" }),
        ("TagResource", new JsonObject
        {
            ["resourceName"] = target.Bucket,
            ["resourceArn"] = $"arn:aws:lightsail:us-east-1:000000000000:Bucket/{target.Bucket}",
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "a", ["value"] = "b" }),
        }),
        ("UntagResource", new JsonObject
        {
            ["resourceName"] = target.Bucket,
            ["resourceArn"] = $"arn:aws:lightsail:us-east-1:000000000000:Bucket/{target.Bucket}",
            ["tagKeys"] = new JsonArray("a"),
        }),
    ];

    /// <summary>Every string value in <paramref name="body"/>, by its path (members by name, list items as []).</summary>
    public static IEnumerable<(string Path, JsonValue Value)> StringValues(JsonNode body, string path = "")
    {
        switch (body)
        {
            case JsonObject members:
                return members.SelectMany(m => StringValues(m.Value!, path.Length == 0 ? m.Key : $"{path}.{m.Key}"));
            case JsonArray items:
                return items.SelectMany(item => StringValues(item!, path + "[]"));
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                return [(path, value)];
            default:
                return [];
        }
    }

    /// <summary>
    /// <paramref name="body"/> serialized with <paramref name="replaced"/> (one of its nodes) written as
    /// <paramref name="raw"/>: bytes that need not be JSON, nor text.
    /// </summary>
    public static byte[] WithRaw(JsonObject body, JsonNode replaced, byte[] raw)
    {
        var copy = (JsonObject)body.DeepClone();
        var path = replaced.GetPath();
        var target = Find(copy, path);
        target.ReplaceWith(JsonValue.Create(Placeholder));
        var bytes = Encoding.UTF8.GetBytes(copy.ToJsonString());
        var at = bytes.AsSpan().IndexOf(PlaceholderJson);
        return [.. bytes[..at], .. raw, .. bytes[(at + PlaceholderJson.Length)..]];
    }

    /// <summary><paramref name="count"/> cases drawn from <paramref name="seed"/>, numbered from <paramref name="firstIndex"/>.</summary>
    public static List<MutationCase> Generate(LightsailTarget target, int seed, int count, int firstIndex = 0)
    {
        var random = new Random(seed);
        return Enumerable.Range(firstIndex, count).Select(index => One(target, random, seed, index)).ToList();
    }

    private static MutationCase One(LightsailTarget target, Random random, int seed, int index)
    {
        var bodies = Bodies(target, $"mutl-{seed}-{index}");
        var (operation, json) = bodies[random.Next(bodies.Count)];
        var body = Encoding.UTF8.GetBytes(json.ToJsonString());
        var headers = new List<KeyValuePair<string, string>>();
        var method = "POST";
        var path = "/";
        var changes = new List<string>();
        for (var i = random.Next(1, 3); i > 0; i--)
        {
            switch (random.Next(9))
            {
                case 0:
                case 1:
                case 2:
                    var (mutated, description) = MutateJson(random, json);
                    body = mutated;
                    changes.Add(description);
                    break;
                case 3:
                    body = NastyValues.MutateBytes(random, body, out var bytesChange);
                    changes.Add("body " + bytesChange);
                    break;
                case 4:
                    var whole = WholeBodies[random.Next(WholeBodies.Length)];
                    body = whole;
                    changes.Add($"body replaced by {NastyValues.Shorten(Encoding.Latin1.GetString(whole))}");
                    break;
                case 5:
                    var target2 = Targets[random.Next(Targets.Length)];
                    headers.Add(new("X-Amz-Target", target2));
                    changes.Add($"X-Amz-Target '{target2}'");
                    break;
                case 6:
                    var contentType = ContentTypes[random.Next(ContentTypes.Length)];
                    headers.Add(new("Content-Type", contentType));
                    changes.Add($"Content-Type '{contentType}'");
                    break;
                case 7:
                    headers.Add(new("Expect", "100-continue"));
                    changes.Add("Expect: 100-continue");
                    break;
                default:
                    (method, path) = random.Next(4) switch { 0 => ("GET", "/"), 1 => ("PUT", "/"), 2 => ("POST", "/?x=1"), _ => ("POST", "/lightsail") };
                    changes.Add($"{method} {path}");
                    break;
            }
        }

        var request = RawRequest.Lightsail(target.Endpoint, operation, body, target.Root);
        foreach (var (name, value) in headers)
        {
            request = request.WithHeader(name, value);
        }

        if (method != "POST" || path != "/" || headers.Count > 0)
        {
            // Signed again as sent, so that routing and validation, not the signature, meet the change.
            request = Resign(target, request, method, path);
        }

        var after = random.Next(3) == 0 ? AfterSigning.Mutate(request, "lightsail", random) : null;
        if (after is not null)
        {
            changes.Add(after.Change);
        }

        return MutationCase.Of(index, operation, changes, request, after);
    }

    private static RawRequest Resign(LightsailTarget target, RawRequest request, string method, string path)
    {
        var kept = request.Headers
            .Where(h => h.Key is not ("Host" or "X-Amz-Date" or "Authorization" or "Content-Length"))
            .ToList();
        using var message = new HttpRequestMessage(new HttpMethod(method), new Uri(target.Endpoint, path)) { Content = new ByteArrayContent(request.Body) };
        foreach (var (name, value) in kept)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        new RequestSigner().Sign(message, target.Root, "us-east-1", "lightsail", DateTimeOffset.UtcNow, SigV4.Sha256Hex(request.Body));
        return new RawRequest(
            method,
            path,
            [
                new("Host", $"{target.Endpoint.Host}:{target.Endpoint.Port}"), .. kept,
                new("X-Amz-Date", string.Join(',', message.Headers.GetValues("X-Amz-Date"))),
                new("Authorization", message.Headers.Authorization!.ToString()),
                new("Content-Length", request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ],
            request.Body);
    }

    private static readonly byte[][] WholeBodies =
    [
        [], "null"u8.ToArray(), "[]"u8.ToArray(), "\"bucket\""u8.ToArray(), "123"u8.ToArray(), "{"u8.ToArray(), "{\"bucketName\":"u8.ToArray(), "   "u8.ToArray(),
        [0xEF, 0xBB, 0xBF, .. "{}"u8], [0xFF, 0xFE, (byte)'{', 0, (byte)'}', 0], "{} trailing"u8.ToArray(), "{\"a\":1,}"u8.ToArray(), "{/* comment */}"u8.ToArray(),
        "{'bucketName':'x'}"u8.ToArray(), "{\"bucketName\":\"a\",\"bucketName\":\"b\"}"u8.ToArray(), Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)),
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000)),
        Encoding.UTF8.GetBytes("{\"tags\":[" + string.Join(',', Enumerable.Repeat("{\"key\":\"k\",\"value\":\"v\"}", 20000)) + "]}"),
    ];

    private static readonly string[] Fragments =
    [
        "1e309", "-1", "0", "2147483648", "9223372036854775808", "1.5", "-0", "1e-400", "00012", "0x10", "NaN", "Infinity", "true", "false", "null",
        "[]", "{}", "\"\"", "\" \"", "\"\\u0000\"", "\"2024-01-01T00:00:00Z\"", "[null]", "[1,\"a\",{}]", "{\"key\":null,\"value\":null}", "\"" + new string('x', 70_000) + "\"",
        new string('[', 2000) + new string(']', 2000), "\"\\q\"", "\"\\u12\"", "'single'", "\"tab\there\"", "\"line\nbreak\"",
    ];

    private static (byte[] Body, string Description) MutateJson(Random random, JsonObject json)
    {
        var nodes = Descendants(json).ToList();
        var node = nodes[random.Next(nodes.Count)];
        var strings = StringValues(json).ToList();
        switch (strings.Count == 0 ? 2 : random.Next(6))
        {
            case 0:
            case 1:
                // Invalid text where a string is expected: bytes that are not UTF-8, or escapes of no character.
                var (path, value) = strings[random.Next(strings.Count)];
                var invalid = random.Next(2) == 0
                    ? [(byte)'"', .. Encoding.UTF8.GetBytes(value.GetValue<string>()[..Math.Min(3, value.GetValue<string>().Length)]), .. NastyValues.InvalidUtf8[random.Next(NastyValues.InvalidUtf8.Length)], (byte)'"']
                    : Encoding.ASCII.GetBytes($"\"a{NastyValues.InvalidJsonEscapes[random.Next(NastyValues.InvalidJsonEscapes.Length)]}\"");
                return (WithRaw(json, value, invalid), $"{path} = {Convert.ToHexString(invalid)} (invalid text)");
            case 2:
                var fragment = Fragments[random.Next(Fragments.Length)];
                return (WithRaw(json, node, Encoding.UTF8.GetBytes(fragment)), $"{node.GetPath()} = {NastyValues.Shorten(fragment)}");
            case 3:
                var extra = (JsonObject)json.DeepClone();
                var name = random.Next(3) == 0 ? "__type" : "unknown" + random.Next(100);
                extra[name] = NastyValues.Text(random);
                return (Encoding.UTF8.GetBytes(extra.ToJsonString()), $"an unknown member {name}");
            case 4:
                var missing = (JsonObject)json.DeepClone();
                var removed = missing.Select(m => m.Key).ElementAt(random.Next(missing.Count));
                missing.Remove(removed);
                return (Encoding.UTF8.GetBytes(missing.ToJsonString()), $"without {removed}");
            default:
                var text = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(NastyValues.Text(random)));
                return (WithRaw(json, node, text), $"{node.GetPath()} = a string");
        }
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        IEnumerable<JsonNode> children = node switch
        {
            JsonObject members => members.Select(m => m.Value!),
            JsonArray items => items!,
            _ => [],
        };
        foreach (var child in children)
        {
            yield return child;
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }

    private static JsonNode Find(JsonNode root, string path)
    {
        foreach (var node in Descendants(root))
        {
            if (node.GetPath() == path)
            {
                return node;
            }
        }

        throw new InvalidOperationException($"No node at {path}.");
    }
}
