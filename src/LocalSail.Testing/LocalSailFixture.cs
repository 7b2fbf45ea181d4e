namespace LocalSail.Testing;

/// <summary>
/// One LocalSail server shared by the tests of a class or collection: with xunit,
/// <c>IClassFixture&lt;LocalSailFixture&gt;</c> or <c>ICollectionFixture&lt;LocalSailFixture&gt;</c>. It needs
/// no test framework: the server starts in the constructor and stops on dispose, so NUnit and MSTest can
/// hold one in a static field as well. To set the server up differently, derive from it and pass options
/// to the protected constructor.
/// </summary>
public class LocalSailFixture : IDisposable, IAsyncDisposable
{
    /// <summary>Starts a server with the test defaults (see <see cref="LocalSailTestServerOptions.Configure"/>).</summary>
    public LocalSailFixture()
        : this(new LocalSailTestServerOptions())
    {
    }

    /// <summary>Starts a server set up by <paramref name="options"/>.</summary>
    /// <param name="options">How to set the server up.</param>
    protected LocalSailFixture(LocalSailTestServerOptions options) => Server = LocalSailTestServer.Start(options);

    /// <summary>The running server.</summary>
    public LocalSailTestServer Server { get; }

    /// <summary>Stops the server and removes what it stored.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the server and removes what it stored.</summary>
    /// <returns>A task that completes once the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        Dispose(disposing: false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the server when <paramref name="disposing"/>; derived fixtures release their own resources here.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Server.Dispose();
        }
    }
}
