using System.Text.Json.Serialization.Metadata;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

public sealed class GetOperations(IControlPlaneStore store) : LightsailOperation<GetOperationsRequest, PagedOperationsResult>
{
    public override string Name => "GetOperations";

    public override StructureShape Input => LightsailShapes.GetOperationsRequest;

    protected override JsonTypeInfo<GetOperationsRequest> RequestType => LightsailJsonContext.Default.GetOperationsRequest;

    protected override JsonTypeInfo<PagedOperationsResult> ResultType => LightsailJsonContext.Default.PagedOperationsResult;

    protected override Task<Outcome<PagedOperationsResult>> HandleAsync(GetOperationsRequest request, LightsailRequestContext context) =>
        OperationPages.ReadAsync(store, context, resourceName: null, request.PageToken);
}
