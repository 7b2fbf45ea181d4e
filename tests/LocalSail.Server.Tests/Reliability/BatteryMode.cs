using System.Globalization;

namespace LocalSail.Server.Tests.Reliability;

/// <summary>
/// How much the reliability battery does. By default it is bounded for CI; <c>LOCALSAIL_RELIABILITY=long</c>
/// (what <c>tests/reliability.sh --long</c> sets) runs more seeds, kills and first uses. Randomized tests
/// draw from a fixed seed that they print; <c>LOCALSAIL_RELIABILITY_SEED=N</c> replays a failure.
/// </summary>
public static class BatteryMode
{
    public const string ModeVariable = "LOCALSAIL_RELIABILITY";
    public const string SeedVariable = "LOCALSAIL_RELIABILITY_SEED";

    /// <summary>The seed every randomized test starts from unless <see cref="SeedVariable"/> says otherwise.</summary>
    public const int DefaultSeed = 20_261_130;

    public static bool IsLong => string.Equals(Environment.GetEnvironmentVariable(ModeVariable), "long", StringComparison.OrdinalIgnoreCase);

    public static string Name => IsLong ? "long" : "bounded (CI)";

    /// <summary>The amount for the current mode.</summary>
    public static int Scale(int bounded, int @long) => IsLong ? @long : bounded;

    public static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;

    /// <summary>What a failure message says so that the run can be replayed.</summary>
    public static string Replay(int seed) => $"seed {seed} ({Name} mode; replay with {SeedVariable}={seed})";
}

/// <summary>
/// The battery's tests run one at a time and alone: each drives a server process as hard as the machine
/// allows, and kills, full disks and descriptor counts must not be disturbed by other tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "Reliability";
}
