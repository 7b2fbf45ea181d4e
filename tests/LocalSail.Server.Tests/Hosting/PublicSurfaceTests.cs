using LocalSail.Server.Hosting;

namespace LocalSail.Server.Tests.Hosting;

/// <summary>
/// The server is internal by default: only what the command-line tool, the test package and an embedding host
/// need is public. A type added to this list is a promise to users; make it on purpose.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly string[] Promised =
    [
        "LocalSail.Server.Hosting.AccountCredentials",
        "LocalSail.Server.Hosting.BlobStoreKind",
        "LocalSail.Server.Hosting.LocalSailConfiguration",
        "LocalSail.Server.Hosting.LocalSailOptionsValidator",
        "LocalSail.Server.Hosting.LocalSailSetting",
        "LocalSail.Server.Hosting.LocalSailConfigurationException",
        "LocalSail.Server.Hosting.LocalSailOptions",
        "LocalSail.Server.Hosting.LocalSailServer",
        "LocalSail.Server.Hosting.MetadataStore",
        "LocalSail.Server.Hosting.RequestScheduling",
        "LocalSail.Server.Hosting.RequestSchedulingExtensions",
    ];

    [Fact]
    public void Only_the_hosting_surface_is_public()
    {
        var exported = typeof(LocalSailServer).Assembly.GetExportedTypes().Select(type => type.FullName).Order(StringComparer.Ordinal);
        Assert.Equal(Promised.Order(StringComparer.Ordinal), exported);
    }
}
