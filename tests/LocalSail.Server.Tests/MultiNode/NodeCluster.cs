using LocalSail.Signing;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.MultiNode;

/// <summary>
/// Three real <c>localsail serve</c> processes on one PostgreSQL database and one shared data directory (the secret
/// key and the object bytes), as a deployment behind a load balancer would run them.
/// </summary>
public sealed class NodeCluster : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "localsail-cluster-" + Guid.NewGuid().ToString("N"));
    private readonly List<ServerProcess> _nodes = [];

    public IReadOnlyList<ServerProcess> Nodes => _nodes;

    public string DataDirectory => _dataDirectory;

    public string[] Arguments { get; private set; } = [];

    public static Credentials Root => ServerProcess.RootCredentials;

    public async Task InitializeAsync()
    {
        var connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        Arguments = ["--store", "Postgres", "--postgres-connection", connection];
        // Started together, as nodes behind a load balancer may be: they migrate once and share one secret key.
        _nodes.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => StartNodeAsync())));
    }

    /// <summary>Another node on the same database and directory.</summary>
    public Task<ServerProcess> StartNodeAsync() => ServerProcess.StartAsync(_dataDirectory, Arguments);

    public LightsailCaller Lightsail(int node) => new(_nodes[node % _nodes.Count].Endpoint, Root);

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
