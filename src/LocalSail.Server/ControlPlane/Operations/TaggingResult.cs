using LocalSail.Lightsail.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>The answer of TagResource and UntagResource, which share their misses.</summary>
internal static class TaggingResult
{
    public static Outcome<TResponse> From<TResponse>(UpdateBucketOutcome outcome, string resourceName, Func<List<Operation>, TResponse> answer)
        where TResponse : class
    {
        if (outcome.Bucket is null)
        {
            return LightsailError.NotFound("resource", resourceName);
        }

        return outcome.Refusal is not null
            ? LightsailError.InvalidInput(outcome.Refusal)
            : answer(WireMapping.ToWire(outcome.Operations));
    }
}
