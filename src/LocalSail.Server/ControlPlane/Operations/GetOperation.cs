using System.Text.Json.Serialization.Metadata;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

public sealed class GetOperation(IControlPlaneStore store) : LightsailOperation<GetOperationRequest, GetOperationResult>
{
    public override string Name => "GetOperation";

    public override StructureShape Input => LightsailShapes.GetOperationRequest;

    protected override JsonTypeInfo<GetOperationRequest> RequestType => LightsailJsonContext.Default.GetOperationRequest;

    protected override JsonTypeInfo<GetOperationResult> ResultType => LightsailJsonContext.Default.GetOperationResult;

    protected override async Task<Outcome<GetOperationResult>> HandleAsync(GetOperationRequest request, LightsailRequestContext context)
    {
        var operation = await store.GetOperationAsync(context.Scope, request.OperationId, context.CancellationToken);
        return operation is null
            ? LightsailError.NotFound("operation", request.OperationId)
            : new GetOperationResult(WireMapping.ToWire(operation));
    }
}
