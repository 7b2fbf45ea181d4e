using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class GetOperations(IControlPlaneStore store) : LightsailOperation<GetOperationsRequest, GetOperationsResponse>(LightsailOperations.GetOperations)
{
    protected override Task<Outcome<GetOperationsResponse>> HandleAsync(GetOperationsRequest request, LightsailRequestContext context) =>
        OperationPages.ReadAsync(store, context, resourceName: null, request.PageToken, (operations, next) => new GetOperationsResponse { Operations = operations, NextPageToken = next });
}
