using System.Text.Json.Serialization.Metadata;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

public sealed class GetOperationsForResource(IControlPlaneStore store) : LightsailOperation<GetOperationsForResourceRequest, PagedOperationsResult>
{
    public override string Name => "GetOperationsForResource";

    public override StructureShape Input => LightsailShapes.GetOperationsForResourceRequest;

    protected override JsonTypeInfo<GetOperationsForResourceRequest> RequestType => LightsailJsonContext.Default.GetOperationsForResourceRequest;

    protected override JsonTypeInfo<PagedOperationsResult> ResultType => LightsailJsonContext.Default.PagedOperationsResult;

    protected override Task<Outcome<PagedOperationsResult>> HandleAsync(GetOperationsForResourceRequest request, LightsailRequestContext context) =>
        OperationPages.ReadAsync(store, context, request.ResourceName, request.PageToken);
}
