using LocalSail.Lightsail.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>Operations newest first, a page at a time.</summary>
internal static class OperationPages
{
    public const int PageSize = 200;

    public static async Task<Outcome<TResponse>> ReadAsync<TResponse>(
        IControlPlaneStore store, LightsailRequestContext context, string? resourceName, string? pageToken, Func<List<Operation>, string?, TResponse> answer)
        where TResponse : class
    {
        var offset = 0;
        if (!string.IsNullOrEmpty(pageToken) && !PageTokens.TryDecodeOffset(pageToken, out offset))
        {
            return LightsailError.InvalidInput("The pageToken is not one this server issued.");
        }

        var page = await store.ListOperationsAsync(context.Scope, resourceName, offset, PageSize + 1, context.CancellationToken);
        var operations = WireMapping.ToWire(page.Take(PageSize));
        return answer(operations, page.Count > PageSize ? PageTokens.EncodeOffset(offset + PageSize) : null);
    }
}
