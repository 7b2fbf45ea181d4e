namespace LocalSail.Testing;

internal static class AssemblyMarker;
