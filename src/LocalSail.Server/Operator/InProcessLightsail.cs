using System.Text.Json;
using LocalSail.Server.Authentication;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Hosting;
using LocalSail.Server.Storage;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Operator;

/// <summary>
/// Runs Lightsail operations inside the process as the account's root: the wire's dispatch table, input
/// validation and handlers, without the HTTP and signature around them. The console and the reset use it.
/// </summary>
internal sealed partial class InProcessLightsail(
    LightsailOperationTable operations,
    AccountCredentials account,
    TimeProvider clock,
    ILogger<InProcessLightsail> logger)
{
    public async Task<LightsailResponse> InvokeAsync(string operationName, JsonElement input, ResourceScope scope, Uri s3Endpoint, CancellationToken cancellationToken)
    {
        if (!operations.TryFind(operationName, out var operation))
        {
            return LightsailResponse.Failure(LightsailError.UnknownOperation($"LocalSail does not serve the operation '{(operationName.Length > 100 ? operationName[..100] : operationName)}'."));
        }

        if (input.ValueKind != JsonValueKind.Object)
        {
            return LightsailResponse.Failure(LightsailError.Serialization("The request body must be a JSON object."));
        }

        var invalid = ShapeValidator.Validate(input, operation.Input);
        if (invalid is not null)
        {
            return LightsailResponse.Failure(LightsailError.InvalidInput("1 validation error detected: " + invalid));
        }

        var requestId = Guid.NewGuid().ToString();
        var context = new LightsailRequestContext(
            new Principal(scope.AccountId, account.AccessKeyId, PrincipalKind.AccountRoot),
            scope,
            requestId,
            clock.GetUtcNow(),
            s3Endpoint,
            cancellationToken);
        try
        {
            return await operation.InvokeAsync(input, context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogOperationFailed(logger, operation.Name, requestId, ex);
            return LightsailResponse.Failure(LightsailError.Service($"The operation failed unexpectedly (request {requestId})."));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Lightsail {Operation} run in-process failed unexpectedly (request {RequestId})")]
    private static partial void LogOperationFailed(ILogger logger, string operation, string requestId, Exception exception);
}
