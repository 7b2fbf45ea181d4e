using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class GetOperation(IControlPlaneStore store) : LightsailOperation<GetOperationRequest, GetOperationResponse>(LightsailOperations.GetOperation)
{
    protected override async Task<Outcome<GetOperationResponse>> HandleAsync(GetOperationRequest request, LightsailRequestContext context)
    {
        var operationId = request.OperationId!;
        var operation = await store.GetOperationAsync(context.Scope, operationId, context.CancellationToken);
        return operation is null
            ? LightsailError.NotFound("operation", operationId)
            : new GetOperationResponse { Operation = WireMapping.ToWire(operation) };
    }
}
