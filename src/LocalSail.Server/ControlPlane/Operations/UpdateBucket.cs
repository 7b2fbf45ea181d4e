using System.Text.Json.Serialization.Metadata;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

public sealed class UpdateBucket(IControlPlaneStore store) : LightsailOperation<UpdateBucketRequest, BucketResult>
{
    public override string Name => "UpdateBucket";

    public override StructureShape Input => LightsailShapes.UpdateBucketRequest;

    protected override JsonTypeInfo<UpdateBucketRequest> RequestType => LightsailJsonContext.Default.UpdateBucketRequest;

    protected override JsonTypeInfo<BucketResult> ResultType => LightsailJsonContext.Default.BucketResult;

    protected override async Task<Outcome<BucketResult>> HandleAsync(UpdateBucketRequest request, LightsailRequestContext context)
    {
        if (request.Versioning is not null and not ("Enabled" or "Suspended"))
        {
            return LightsailError.InvalidInput($"versioning must be Enabled or Suspended, not '{request.Versioning}'.");
        }

        if (request.ReadonlyAccessAccounts?.FirstOrDefault(a => a.Length != 12 || !a.All(char.IsAsciiDigit)) is { } badAccount)
        {
            return LightsailError.InvalidInput($"readonlyAccessAccounts must hold 12-digit account ids; '{badAccount}' is not one.");
        }

        if (request.ReadonlyAccessAccounts?.Contains(context.Scope.AccountId) == true)
        {
            return LightsailError.InvalidInput("A bucket cannot grant read-only access to its own account.");
        }

        if (request.AccessLogConfig is { Enabled: true } log)
        {
            if (log.Destination is null)
            {
                return LightsailError.InvalidInput("accessLogConfig.destination is required when access logging is enabled.");
            }

            if (log.Destination != request.BucketName
                && await store.GetBucketAsync(context.Scope, log.Destination, context.CancellationToken) is null)
            {
                return LightsailError.NotFound("bucket", log.Destination);
            }
        }

        var operation = WireMapping.NewOperation(context.Scope, request.BucketName, "UpdateBucket", context.Now);
        var outcome = await store.UpdateBucketAsync(context.Scope, request.BucketName, current =>
        {
            var updated = current;
            if (request.AccessRules is { } rules)
            {
                updated = updated with
                {
                    AccessRules = new BucketAccessRules(
                        rules.GetObject is null ? updated.AccessRules.GetObject : rules.GetObject == "public" ? ObjectAccess.Public : ObjectAccess.Private,
                        rules.AllowPublicOverrides ?? updated.AccessRules.AllowPublicOverrides),
                };
            }

            if (request.Versioning is not null)
            {
                // Suspending a bucket that never had versioning leaves it never enabled, as S3 does.
                var requested = request.Versioning == "Enabled" ? VersioningState.Enabled : VersioningState.Suspended;
                var neverEnabled = updated.Versioning == VersioningState.Unversioned && requested == VersioningState.Suspended;
                updated = updated with { Versioning = neverEnabled ? VersioningState.Unversioned : requested };
            }

            if (request.ReadonlyAccessAccounts is not null)
            {
                updated = updated with { ReadonlyAccessAccounts = request.ReadonlyAccessAccounts.Distinct().ToList() };
            }

            if (request.AccessLogConfig is { } accessLog)
            {
                updated = updated with
                {
                    AccessLog = accessLog.Enabled ? new BucketAccessLog(true, accessLog.Destination, accessLog.Prefix) : BucketAccessLog.Disabled,
                };
            }

            if (request.Cors is { } cors)
            {
                updated = updated with { CorsRules = cors.Rules is { Count: > 0 } ? cors.Rules.Select(WireMapping.FromWire).ToList() : [] };
            }

            return new BucketChange(updated, [operation]);
        }, context.CancellationToken);

        if (outcome.Bucket is null)
        {
            return LightsailError.NotFound("bucket", request.BucketName);
        }

        return new BucketResult(WireMapping.ToWire(outcome.Bucket, context.S3Endpoint, context.Now), WireMapping.ToWire(outcome.Operations));
    }
}
