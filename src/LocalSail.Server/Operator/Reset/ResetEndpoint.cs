using LocalSail.Server.Operator.Console;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Operator.Reset;

/// <summary>
/// <c>POST /_localsail/reset</c>: empties the store where that is safe, for a request signed with the account's
/// root key (SigV4, Lightsail's scope) or sent by a console session with its CSRF token; never for a request a
/// browser sent on behalf of another site.
/// </summary>
internal sealed partial class ResetEndpoint(OperatorAccess access, ConsoleSessions sessions, StoreReset reset, ILogger<ResetEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsPost(request.Method))
        {
            await OperatorResponses.WriteErrorAsync(response, StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", "A reset is a POST.");
            return;
        }

        if (OperatorAccess.IsCrossSite(request))
        {
            await OperatorResponses.WriteErrorAsync(response, StatusCodes.Status403Forbidden, "CrossSiteRequest", "A reset cannot be requested by another site.");
            return;
        }

        if (!access.ResetAllowed)
        {
            await OperatorResponses.WriteErrorAsync(response, StatusCodes.Status403Forbidden, "ResetNotAllowed", access.ResetRefusal);
            return;
        }

        var body = await OperatorRequests.ReadBodyAsync(request, context.RequestAborted);
        if (body is null)
        {
            await OperatorResponses.WriteErrorAsync(response, StatusCodes.Status413PayloadTooLarge, "RequestTooLarge", "A reset takes no body.");
            return;
        }

        if (!await access.IsSignedByRootAsync(request, body, context.RequestAborted) && sessions.FindWithCsrf(request) is null)
        {
            await OperatorResponses.WriteErrorAsync(
                response,
                StatusCodes.Status403Forbidden,
                "AccessDenied",
                "A reset needs a request signed with the account's root credentials (SigV4, service 'lightsail'), or the console.");
            return;
        }

        ResetSummary summary;
        try
        {
            summary = await reset.ResetAsync(OperatorRequests.Origin(request));
        }
        catch (Exception ex)
        {
            LogResetFailed(logger, ex);
            await OperatorResponses.WriteErrorAsync(response, StatusCodes.Status500InternalServerError, "ResetFailed", "The reset stopped part-way; the server log says why. Run it again.");
            return;
        }

        LogReset(logger, summary.Buckets, summary.AccessKeys, summary.Objects, summary.Operations);
        await OperatorResponses.WriteJsonAsync(response, StatusCodes.Status200OK, summary, OperatorJsonContext.Default.ResetSummary);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store was reset: {Buckets} buckets, {AccessKeys} access keys, {Objects} objects and {Operations} operations removed")]
    private static partial void LogReset(ILogger logger, long buckets, long accessKeys, long objects, long operations);

    [LoggerMessage(Level = LogLevel.Error, Message = "The reset failed")]
    private static partial void LogResetFailed(ILogger logger, Exception exception);
}
