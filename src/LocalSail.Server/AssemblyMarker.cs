namespace LocalSail.Server;

internal static class AssemblyMarker;
