namespace LocalSail.Client;

internal static class AssemblyMarker;
