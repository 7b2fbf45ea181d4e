namespace LocalSail.Server.Hosting;

/// <summary>The configuration cannot be used; the message says why and what to change.</summary>
public sealed class LocalSailConfigurationException(string message) : Exception(message);
