using System.Text.Json;
using System.Text.RegularExpressions;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Hosting;
using LocalSail.Server.Operator.Health;
using LocalSail.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Operator.Console;

/// <summary>
/// The web console under <c>/_localsail/console</c>: its page and files, and its JSON API. The API runs Lightsail
/// operations in-process as the account's root and hands out presigned S3 URLs; every call needs a session (made
/// at once on loopback with the development credentials, else by signing in with the account's key and secret)
/// and every change the session's CSRF token.
/// </summary>
internal sealed partial class ConsoleEndpoint(
    ConsoleAssets assets,
    ConsoleSessions sessions,
    ConsolePresigner presigner,
    InProcessLightsail lightsail,
    OperatorAccess access,
    AccountCredentials account,
    LocalSailOptions options)
{
    public const string Path = OperatorEndpoint.PathPrefix + "/console";

    private const string ApiPath = "/api/";
    private const string AssetsPath = "/assets/";

    /// <param name="rest">The path after <c>/_localsail/console</c>.</param>
    public Task HandleAsync(HttpContext context, string rest)
    {
        if (rest.StartsWith(ApiPath, StringComparison.Ordinal))
        {
            return HandleApiAsync(context, rest[ApiPath.Length..]);
        }

        var isRead = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        if (!isRead)
        {
            return OperatorResponses.WriteErrorAsync(context.Response, StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", "The console's pages are read with GET.");
        }

        var asset = rest is "" or "/" ? "index.html" : rest.StartsWith(AssetsPath, StringComparison.Ordinal) ? rest[AssetsPath.Length..] : null;
        return asset is not null && assets.Contains(asset)
            ? assets.TryWriteAsync(context, asset)
            : OperatorResponses.WriteErrorAsync(context.Response, StatusCodes.Status404NotFound, "NotFound", "The console has no such page.");
    }

    private async Task HandleApiAsync(HttpContext context, string call)
    {
        var request = context.Request;
        var response = context.Response;
        if (OperatorAccess.IsCrossSite(request))
        {
            await OperatorResponses.WriteErrorAsync(response, StatusCodes.Status403Forbidden, "CrossSiteRequest", "The console's API answers its own pages only.");
            return;
        }

        if (call == "session" && HttpMethods.IsGet(request.Method))
        {
            await WriteSessionAsync(context, sessions.Find(request) ?? (access.ConsoleOpensDirectly ? sessions.Start(context) : null));
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            await OperatorResponses.WriteErrorAsync(response, StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", "The console's API takes POST, except for its session.");
            return;
        }

        // JSON only: a form of another site cannot send it without asking first, and it is not asked.
        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await OperatorResponses.WriteErrorAsync(response, StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType", "The console's API takes application/json.");
            return;
        }

        var body = await OperatorRequests.ReadBodyAsync(request, context.RequestAborted);
        if (body is null)
        {
            await OperatorResponses.WriteErrorAsync(response, StatusCodes.Status413PayloadTooLarge, "RequestTooLarge", "The request is too large.");
            return;
        }

        if (call == "login")
        {
            await LoginAsync(context, body);
            return;
        }

        if (sessions.FindWithCsrf(request) is null)
        {
            await OperatorResponses.WriteErrorAsync(response, StatusCodes.Status401Unauthorized, "SessionRequired", "Sign in to the console again: the session is missing, expired, or the request lacks its token.");
            return;
        }

        if (call == "logout")
        {
            sessions.End(context);
            await OperatorResponses.WriteJsonAsync(response, StatusCodes.Status200OK, new OperatorError("None", "Signed out."), OperatorJsonContext.Default.OperatorError);
            return;
        }

        var region = request.Query["region"].ToString();
        if (region.Length == 0)
        {
            region = options.Region;
        }
        else if (!RegionPattern().IsMatch(region))
        {
            await OperatorResponses.WriteErrorAsync(response, StatusCodes.Status400BadRequest, "InvalidRegion", $"'{(region.Length > 30 ? region[..30] : region)}' is not a region name.");
            return;
        }

        var scope = new ResourceScope(account.AccountId, region);
        if (call.StartsWith("lightsail/", StringComparison.Ordinal))
        {
            await RunLightsailAsync(context, call["lightsail/".Length..], body, scope);
        }
        else if (call == "presign")
        {
            await PresignAsync(context, body, scope);
        }
        else
        {
            await OperatorResponses.WriteErrorAsync(response, StatusCodes.Status404NotFound, "NotFound", "The console's API has no such call.");
        }
    }

    private Task WriteSessionAsync(HttpContext context, ConsoleSession? session) =>
        OperatorResponses.WriteJsonAsync(
            context.Response,
            StatusCodes.Status200OK,
            new ConsoleSessionInfo(
                Authenticated: session is not null,
                LoginRequired: !access.ConsoleOpensDirectly,
                CsrfToken: session?.CsrfToken,
                AccountId: session is null ? null : account.AccountId,
                AccessKeyId: session is null ? null : account.AccessKeyId,
                Region: options.Region,
                Endpoint: OperatorRequests.Origin(context.Request).ToString().TrimEnd('/'),
                Version: HealthEndpoint.Version,
                InMemory: options.InMemory,
                ResetAllowed: access.ResetAllowed,
                DevelopmentCredentials: account.IsDevelopment),
            OperatorJsonContext.Default.ConsoleSessionInfo);

    private async Task LoginAsync(HttpContext context, byte[] body)
    {
        ConsoleLoginRequest? login;
        try
        {
            login = JsonSerializer.Deserialize(body, OperatorJsonContext.Default.ConsoleLoginRequest);
        }
        catch (JsonException)
        {
            login = null;
        }

        // Both compared in full, in constant time, whichever is wrong.
        var keyMatches = ConsoleSessions.FixedTimeEquals(login?.AccessKeyId?.Trim() ?? string.Empty, account.AccessKeyId);
        var secretMatches = ConsoleSessions.FixedTimeEquals(login?.SecretAccessKey ?? string.Empty, account.SecretAccessKey);
        if (!(keyMatches & secretMatches))
        {
            await OperatorResponses.WriteErrorAsync(context.Response, StatusCodes.Status401Unauthorized, "InvalidCredentials", "That access key ID and secret access key are not this account's root credentials.");
            return;
        }

        await WriteSessionAsync(context, sessions.Start(context));
    }

    private async Task RunLightsailAsync(HttpContext context, string operation, byte[] body, ResourceScope scope)
    {
        JsonDocument input;
        try
        {
            input = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        }
        catch (JsonException)
        {
            await OperatorResponses.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, "SerializationException", "The request body is not valid JSON.");
            return;
        }

        using (input)
        {
            var result = await lightsail.InvokeAsync(operation, input.RootElement, scope, OperatorRequests.Origin(context.Request), context.RequestAborted);
            var response = context.Response;
            OperatorResponses.ApplySecurityHeaders(response);
            response.Headers.CacheControl = "no-store";
            response.StatusCode = result.Error?.Status ?? StatusCodes.Status200OK;
            var bytes = result.Error is { } error ? LightsailErrorWriter.Serialize(error) : result.Body!;
            response.ContentType = OperatorResponses.JsonContentType;
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes, context.RequestAborted);
        }
    }

    private async Task PresignAsync(HttpContext context, byte[] body, ResourceScope scope)
    {
        ConsolePresignRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body, OperatorJsonContext.Default.ConsolePresignRequest);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
        {
            await OperatorResponses.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, "SerializationException", "The request body is not a presign request.");
            return;
        }

        var (result, error) = await presigner.PresignAsync(request, scope, context.Request.Host.Value ?? string.Empty, context.RequestAborted);
        if (result is null)
        {
            await OperatorResponses.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, "InvalidInput", error!);
            return;
        }

        await OperatorResponses.WriteJsonAsync(context.Response, StatusCodes.Status200OK, result, OperatorJsonContext.Default.ConsolePresignResult);
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]$")]
    private static partial Regex RegionPattern();
}
