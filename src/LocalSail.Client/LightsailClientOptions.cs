using LocalSail.Client.Configuration;
using LocalSail.Signing;

namespace LocalSail.Client;

/// <summary>How a <see cref="LightsailClient"/> finds credentials, region and endpoint, and how it retries.</summary>
public sealed class LightsailClientOptions
{
    /// <summary>Explicit credentials; when null they are resolved from the environment and profile files.</summary>
    public Credentials? Credentials { get; set; }

    /// <summary>Explicit region; when null it is resolved from the environment and config file.</summary>
    public string? Region { get; set; }

    /// <summary>The profile to read from the shared files; when null, <c>AWS_PROFILE</c> or <c>default</c>.</summary>
    public string? Profile { get; set; }

    /// <summary>An endpoint to use instead of <c>https://lightsail.REGION.amazonaws.com</c> (LocalSail's, for instance).</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Attempts per call, the first included. Only 5xx answers and throttling are retried.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The backoff before the first retry; it doubles each time, with full jitter, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The clock requests are signed with.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Environment variables and home directory to resolve settings from; the process's by default.</summary>
    public AwsEnvironment? Environment { get; set; }

    /// <summary>Waits between attempts; replaced in tests so they never sleep.</summary>
    internal Func<TimeSpan, CancellationToken, Task>? Delay { get; set; }

    /// <summary>Draws the jitter, a number in [0, 1); replaced in tests to make backoff deterministic.</summary>
    internal Func<double>? Jitter { get; set; }
}
