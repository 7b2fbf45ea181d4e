using System.Reflection;
using LocalSail.Server.Storage;

namespace LocalSail.Server.Tests.Storage;

/// <summary>
/// A control-plane store that answers the lookups caches make (a key by id, a bucket by name or in a scope, a
/// bucket's keys) with what a test says, counting them; any other call fails the test.
/// </summary>
internal class ScriptedControlPlaneStore : DispatchProxy
{
    private Func<string, AccessKeyRecord?> _findKey = _ => null;
    private Func<string, BucketRecord?> _findBucket = _ => null;
    private Func<string, IReadOnlyList<AccessKeyRecord>> _listKeys = _ => [];

    public int Lookups { get; private set; }

    public static (IControlPlaneStore Store, ScriptedControlPlaneStore Script) Create(
        Func<string, AccessKeyRecord?>? findKey = null, Func<string, BucketRecord?>? findBucket = null, Func<string, IReadOnlyList<AccessKeyRecord>>? listKeys = null)
    {
        var store = Create<IControlPlaneStore, ScriptedControlPlaneStore>();
        var script = (ScriptedControlPlaneStore)(object)store;
        script._findKey = findKey ?? script._findKey;
        script._findBucket = findBucket ?? script._findBucket;
        script._listKeys = listKeys ?? script._listKeys;
        return (store, script);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        Lookups++;
        return targetMethod!.Name switch
        {
            nameof(IControlPlaneStore.FindAccessKeyAsync) => Task.FromResult(_findKey((string)args![0]!)),
            nameof(IControlPlaneStore.FindBucketAsync) => Task.FromResult(_findBucket((string)args![0]!)),
            nameof(IControlPlaneStore.GetBucketAsync) => Task.FromResult(_findBucket((string)args![1]!)),
            nameof(IControlPlaneStore.ListAccessKeysAsync) => Task.FromResult(_listKeys((string)args![1]!)),
            _ => throw new InvalidOperationException($"{targetMethod.Name} was not expected."),
        };
    }
}
