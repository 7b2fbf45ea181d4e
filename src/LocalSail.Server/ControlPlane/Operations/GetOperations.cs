using System.Text.Json.Serialization.Metadata;
using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Serialization;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class GetOperations(IControlPlaneStore store) : LightsailOperation<GetOperationsRequest, GetOperationsResponse>
{
    public override OperationModel Model => LightsailOperations.GetOperations;

    protected override JsonTypeInfo<GetOperationsRequest> RequestType => LightsailJsonContext.Default.GetOperationsRequest;

    protected override JsonTypeInfo<GetOperationsResponse> ResultType => LightsailJsonContext.Default.GetOperationsResponse;

    protected override Task<Outcome<GetOperationsResponse>> HandleAsync(GetOperationsRequest request, LightsailRequestContext context) =>
        OperationPages.ReadAsync(store, context, resourceName: null, request.PageToken, (operations, next) => new GetOperationsResponse { Operations = operations, NextPageToken = next });
}
