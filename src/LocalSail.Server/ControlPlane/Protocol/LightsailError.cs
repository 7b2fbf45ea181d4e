namespace LocalSail.Server.ControlPlane.Protocol;

/// <summary>
/// A Lightsail error: its exception type (the wire's <c>__type</c>), HTTP status and the service's
/// <c>code</c>, <c>message</c>, <c>docs</c> and <c>tip</c>. Handlers return these; they are not thrown.
/// </summary>
internal sealed record LightsailError(string Type, int Status, string Code, string Message, string? Tip = null)
{
    public const string Docs = "https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/";

    public static LightsailError InvalidInput(string message, string code = "InvalidInput") =>
        new("InvalidInputException", 400, code, message, "Check the request against the operation's input shape.");

    /// <summary>Not-found messages carry <c>DoesNotExist</c>: infrastructure tools look for that word.</summary>
    public static LightsailError NotFound(string resourceType, string name) =>
        new("NotFoundException", 400, "DoesNotExist", $"DoesNotExist: the {resourceType} '{name}' does not exist.", $"Check the {resourceType} name and the region of the request.");

    public static LightsailError NotFoundMessage(string message) =>
        new("NotFoundException", 400, "DoesNotExist", message);

    public static LightsailError Unauthenticated(string message) =>
        new("UnauthenticatedException", 400, "Unauthenticated", message, "Sign requests with SigV4 using the account's credentials.");

    public static LightsailError AccessDenied(string message) =>
        new("AccessDeniedException", 400, "AccessDenied", message, "Bucket access keys work against the S3 endpoint only; use the account's credentials for the Lightsail API.");

    public static LightsailError Service(string message) =>
        new("ServiceException", 500, "InternalError", message);

    /// <summary>The server's storage is full: a ServiceException (so SDKs map it) with 507, which they do not retry.</summary>
    public static LightsailError StorageFull() =>
        new("ServiceException", 507, "StorageFull",
            "The server's storage is full, so nothing was changed. Free space where LocalSail keeps its data, then try again.",
            "LocalSail stores its database and objects in its data directory (--data-dir).");

    /// <summary>
    /// The body could not be read as HTTP frames it: a <c>SerializationException</c>, or for a body that came
    /// too slowly, 408 as the HTTP layer says.
    /// </summary>
    public static LightsailError UnreadableBody(int status, string detail) =>
        status == 408
            ? new("RequestTimeoutException", 408, "RequestTimeout", $"The request body did not arrive in time: {detail}")
            : new("SerializationException", 400, "SerializationException", $"The request body could not be read: {detail}");

    /// <summary>The target names no operation of the API (the AWS JSON protocol's own error).</summary>
    public static LightsailError UnknownOperation(string message) =>
        new("UnknownOperationException", 400, "UnknownOperation", message);

    /// <summary>The body is not a JSON object (the AWS JSON protocol's own error).</summary>
    public static LightsailError Serialization(string message) =>
        new("SerializationException", 400, "SerializationException", message);
}
