using LocalSail.Server.Authentication;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Protocol;

/// <summary>Who called, in which account and region, and what the S3 endpoint's address is for them.</summary>
internal sealed record LightsailRequestContext(
    Principal Principal,
    ResourceScope Scope,
    string RequestId,
    DateTimeOffset Now,
    Uri S3Endpoint,
    CancellationToken CancellationToken);
