using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Server.Operator;

/// <summary>An operator-surface refusal or failure: a stable code and a message in plain words.</summary>
internal sealed record OperatorError(string Error, string Message);

/// <summary>The health answer: <c>status</c> is <c>live</c>, <c>ready</c>, <c>not ready</c> or <c>stopping</c>.</summary>
internal sealed record HealthReport(string Status, IReadOnlyList<HealthCheckResult>? Checks, string Version, double UptimeSeconds);

/// <summary>One readiness check: its name, <c>ok</c> or <c>failing</c>, and what is wrong.</summary>
internal sealed record HealthCheckResult(string Name, string Status, string? Detail = null);

/// <summary>What a reset removed.</summary>
internal sealed record ResetSummary(long Buckets, long AccessKeys, long Objects, long Operations);

/// <summary>The console's view of its session and of the server it manages.</summary>
internal sealed record ConsoleSessionInfo(
    bool Authenticated,
    bool LoginRequired,
    string? CsrfToken,
    string? AccountId,
    string? AccessKeyId,
    string Region,
    string Endpoint,
    string Version,
    bool InMemory,
    bool ResetAllowed,
    bool DevelopmentCredentials);

internal sealed record ConsoleLoginRequest(string? AccessKeyId, string? SecretAccessKey);

/// <summary>A request for a short-lived presigned S3 URL on a bucket of the console's account and region.</summary>
internal sealed record ConsolePresignRequest(
    string? Operation,
    string? Bucket,
    string? Key,
    string? Prefix,
    string? Delimiter,
    string? ContinuationToken,
    bool? Download);

/// <summary>A presigned URL on this server, relative to its origin, and the method to use it with.</summary>
internal sealed record ConsolePresignResult(string Method, string Url, int ExpiresInSeconds);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OperatorError))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(ResetSummary))]
[JsonSerializable(typeof(ConsoleSessionInfo))]
[JsonSerializable(typeof(ConsoleLoginRequest))]
[JsonSerializable(typeof(ConsolePresignRequest))]
[JsonSerializable(typeof(ConsolePresignResult))]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
internal sealed partial class OperatorJsonContext : JsonSerializerContext;
