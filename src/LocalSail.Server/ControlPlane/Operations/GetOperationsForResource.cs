using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class GetOperationsForResource(IControlPlaneStore store) : LightsailOperation<GetOperationsForResourceRequest, GetOperationsForResourceResponse>(LightsailOperations.GetOperationsForResource)
{
    protected override Task<Outcome<GetOperationsForResourceResponse>> HandleAsync(GetOperationsForResourceRequest request, LightsailRequestContext context) =>
        OperationPages.ReadAsync(store, context, request.ResourceName!, request.PageToken, (operations, next) => new GetOperationsForResourceResponse { Operations = operations, NextPageToken = next });
}
