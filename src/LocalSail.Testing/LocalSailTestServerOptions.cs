using LocalSail.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LocalSail.Testing;

/// <summary>How a <see cref="LocalSailTestServer"/> is set up, beyond its defaults for tests.</summary>
public sealed class LocalSailTestServerOptions
{
    /// <summary>
    /// Changes the server's options after the test defaults are set: 127.0.0.1, port 0 (a free port), the
    /// development credentials, and an in-memory store. Set <see cref="LocalSailOptions.InMemory"/> to false to
    /// keep data on disk: in a fresh temporary directory removed at dispose, or in
    /// <see cref="LocalSailOptions.DataDirectory"/> when it is set, which is left in place (to test a restart).
    /// </summary>
    public Action<LocalSailOptions>? Configure { get; set; }

    /// <summary>Replaces or adds server services (a clock, a store) after the server's own are registered.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Adds log providers; by default the server logs nothing.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
}
