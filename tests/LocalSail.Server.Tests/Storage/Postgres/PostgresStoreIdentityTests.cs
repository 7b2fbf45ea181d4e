using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Postgres;

namespace LocalSail.Server.Tests.Storage.Postgres;

/// <summary>Every node of one PostgreSQL database must hold the same secret key; one with another refuses to start.</summary>
public sealed class PostgresStoreIdentityTests
{
    [Fact]
    public async Task A_node_with_another_secret_key_is_refused_and_one_with_the_same_is_not()
    {
        await using var nodes = await PostgresStoreNodes.CreateAsync();
        var key = Path.Combine(Path.GetTempPath(), "localsail-identity-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var first = SecretProtector.FromKeyFile(key);
            PostgresStoreIdentity.Verify(nodes.OpenDatabase(), first, key);
            using var same = SecretProtector.FromKeyFile(key);
            PostgresStoreIdentity.Verify(nodes.OpenDatabase(), same, key);

            using var other = SecretProtector.Ephemeral();
            var refused = Assert.Throws<InvalidOperationException>(() => PostgresStoreIdentity.Verify(nodes.OpenDatabase(), other, "/elsewhere/secret.key"));
            Assert.Contains("/elsewhere/secret.key is not the one the other LocalSail nodes", refused.Message);
        }
        finally
        {
            File.Delete(key);
        }
    }
}
