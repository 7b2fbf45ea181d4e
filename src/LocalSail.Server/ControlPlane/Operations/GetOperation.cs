using System.Text.Json.Serialization.Metadata;
using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Serialization;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class GetOperation(IControlPlaneStore store) : LightsailOperation<GetOperationRequest, GetOperationResponse>
{
    public override OperationModel Model => LightsailOperations.GetOperation;

    protected override JsonTypeInfo<GetOperationRequest> RequestType => LightsailJsonContext.Default.GetOperationRequest;

    protected override JsonTypeInfo<GetOperationResponse> ResultType => LightsailJsonContext.Default.GetOperationResponse;

    protected override async Task<Outcome<GetOperationResponse>> HandleAsync(GetOperationRequest request, LightsailRequestContext context)
    {
        var operationId = request.OperationId!;
        var operation = await store.GetOperationAsync(context.Scope, operationId, context.CancellationToken);
        return operation is null
            ? LightsailError.NotFound("operation", operationId)
            : new GetOperationResponse { Operation = WireMapping.ToWire(operation) };
    }
}
