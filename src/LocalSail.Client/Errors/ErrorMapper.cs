using System.Net;
using System.Text.Json;
using LocalSail.Lightsail.Model.Serialization;

namespace LocalSail.Client.Errors;

/// <summary>Turns an error response into the exception its <c>__type</c> names.</summary>
public static class ErrorMapper
{
    /// <summary>Error codes the AWS SDKs treat as throttling, the only 4xx answers worth retrying.</summary>
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    };

    public static LightsailErrorDetails ReadDetails(ReadOnlySpan<byte> body, HttpStatusCode statusCode, string? errorTypeHeader, string? requestId)
    {
        LightsailErrorBody? parsed = null;
        if (!body.IsEmpty)
        {
            try
            {
                parsed = JsonSerializer.Deserialize(body, LightsailJsonContext.Default.LightsailErrorBody);
            }
            catch (JsonException)
            {
                // A proxy's HTML page or a truncated body: the status and header still say what happened.
            }
        }

        var type = NormalizeType(parsed?.Type) ?? NormalizeType(errorTypeHeader);
        return new LightsailErrorDetails(type, parsed?.Message ?? parsed?.CapitalMessage, parsed?.Code, parsed?.Docs, parsed?.Tip, statusCode, requestId);
    }

    public static LightsailException ToException(LightsailErrorDetails details) => details.ErrorType switch
    {
        "AccessDeniedException" => new AccessDeniedException(details),
        "InvalidInputException" => new InvalidInputException(details),
        "NotFoundException" => new NotFoundException(details),
        "ServiceException" => new ServiceException(details),
        "UnauthenticatedException" => new UnauthenticatedException(details),
        "RegionSetupInProgressException" => new RegionSetupInProgressException(details),
        "OperationFailureException" => new OperationFailureException(details),
        "AccountSetupInProgressException" => new AccountSetupInProgressException(details),
        _ => new LightsailException(details),
    };

    /// <summary>5xx answers and throttling are transient; every other 4xx would fail again the same way.</summary>
    public static bool IsRetryable(LightsailErrorDetails details) =>
        (int)details.StatusCode >= 500
        || details.StatusCode == HttpStatusCode.TooManyRequests
        || (details.ErrorType is not null && ThrottlingCodes.Contains(details.ErrorType));

    /// <summary>
    /// <c>__type</c> may carry a namespace (<c>com.amazonaws.lightsail#NotFoundException</c>) and the
    /// <c>x-amzn-ErrorType</c> header a suffix after a colon.
    /// </summary>
    public static string? NormalizeType(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return null;
        }

        var colon = type.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            type = type[..colon];
        }

        var hash = type.LastIndexOf('#');
        if (hash >= 0)
        {
            type = type[(hash + 1)..];
        }

        type = type.Trim();
        return type.Length == 0 ? null : type;
    }
}
