using LocalSail.Signing;

namespace LocalSail.Client.Configuration;

/// <summary>The credentials, region and endpoint a client talks with, once resolved.</summary>
public sealed record ClientSettings(Credentials Credentials, string Region, Uri Endpoint);
