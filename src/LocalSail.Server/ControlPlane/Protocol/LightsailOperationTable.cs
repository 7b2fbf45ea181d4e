using System.Collections.Frozen;

namespace LocalSail.Server.ControlPlane.Protocol;

/// <summary>The dispatch table: every operation the server serves, keyed by its wire name.</summary>
internal sealed class LightsailOperationTable
{
    public const string TargetPrefix = "Lightsail_20161128.";

    private readonly FrozenDictionary<string, ILightsailOperation> _byName;

    internal LightsailOperationTable(IEnumerable<ILightsailOperation> operations) =>
        _byName = operations.ToFrozenDictionary(operation => operation.Name, StringComparer.Ordinal);

    public IEnumerable<string> Names => _byName.Keys;

    internal bool TryFind(string name, out ILightsailOperation operation) => _byName.TryGetValue(name, out operation!);
}
