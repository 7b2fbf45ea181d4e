using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>The answer of TagResource and UntagResource, which share their misses.</summary>
internal static class TaggingResult
{
    public static Outcome<OperationsResult> From(UpdateBucketOutcome outcome, string resourceName)
    {
        if (outcome.Bucket is null)
        {
            return LightsailError.NotFound("resource", resourceName);
        }

        return outcome.Refusal is not null
            ? LightsailError.InvalidInput(outcome.Refusal)
            : new OperationsResult(WireMapping.ToWire(outcome.Operations));
    }
}
