using System.Net;

namespace LocalSail.Client;

/// <summary>A successful answer as it came over the wire, for callers that print it rather than read it.</summary>
public sealed record LightsailRawResponse(byte[] Body, HttpStatusCode StatusCode, string? RequestId);
