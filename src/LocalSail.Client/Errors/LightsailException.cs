using System.Net;

namespace LocalSail.Client.Errors;

/// <summary>
/// An error answered by Lightsail (or LocalSail). The subclasses name the model's error shapes; an error
/// type this client does not know arrives as this base type with <see cref="ErrorType"/> set.
/// </summary>
public class LightsailException : Exception
{
    public LightsailException(string message)
        : base(message)
    {
    }

    public LightsailException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LightsailException()
    {
    }

    public LightsailException(LightsailErrorDetails details)
        : base(details.Message ?? details.ErrorType ?? "The service returned an error.")
    {
        ErrorType = details.ErrorType;
        Code = details.Code;
        Docs = details.Docs;
        Tip = details.Tip;
        StatusCode = details.StatusCode;
        RequestId = details.RequestId;
    }

    /// <summary>The error's type, the <c>__type</c> of the body without its namespace.</summary>
    public string? ErrorType { get; }

    public string? Code { get; }

    public string? Docs { get; }

    public string? Tip { get; }

    public HttpStatusCode StatusCode { get; }

    public string? RequestId { get; }

    /// <summary>How many times the client sent the call, the first included; 0 when the exception did not come from a call.</summary>
    public int Attempts { get; internal set; }

    /// <summary>The error was one worth retrying and the client gave up after its last attempt (botocore's <c>MaxAttemptsReached</c>).</summary>
    public bool MaxAttemptsReached { get; internal set; }
}

/// <summary>What an error response said, as read from its body and headers.</summary>
public sealed record LightsailErrorDetails(
    string? ErrorType,
    string? Message,
    string? Code,
    string? Docs,
    string? Tip,
    HttpStatusCode StatusCode,
    string? RequestId);
