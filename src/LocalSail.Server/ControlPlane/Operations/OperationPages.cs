using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>Operations newest first, a page at a time.</summary>
internal static class OperationPages
{
    public const int PageSize = 200;

    public static async Task<Outcome<PagedOperationsResult>> ReadAsync(IControlPlaneStore store, LightsailRequestContext context, string? resourceName, string? pageToken)
    {
        var offset = 0;
        if (!string.IsNullOrEmpty(pageToken) && !PageTokens.TryDecodeOffset(pageToken, out offset))
        {
            return LightsailError.InvalidInput("The pageToken is not one this server issued.");
        }

        var page = await store.ListOperationsAsync(context.Scope, resourceName, offset, PageSize + 1, context.CancellationToken);
        var operations = WireMapping.ToWire(page.Take(PageSize));
        return new PagedOperationsResult(operations, page.Count > PageSize ? PageTokens.EncodeOffset(offset + PageSize) : null);
    }
}
