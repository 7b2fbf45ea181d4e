using System.Collections.Frozen;

namespace LocalSail.Server.DataPlane;

/// <summary>The dispatch table: one handler per operation.</summary>
internal sealed class S3HandlerTable
{
    private readonly FrozenDictionary<S3Operation, IS3Handler> _handlers;

    public S3HandlerTable(IEnumerable<IS3Handler> handlers)
    {
        var byOperation = new Dictionary<S3Operation, IS3Handler>();
        foreach (var handler in handlers)
        {
            if (!byOperation.TryAdd(handler.Operation, handler))
            {
                throw new InvalidOperationException($"Two handlers claim {handler.Operation}.");
            }
        }

        _handlers = byOperation.ToFrozenDictionary();
    }

    public IReadOnlyCollection<S3Operation> Operations => _handlers.Keys;

    public bool TryGet(S3Operation operation, out IS3Handler handler) => _handlers.TryGetValue(operation, out handler!);

    public IS3Handler Get(S3Operation operation) => _handlers[operation];
}
