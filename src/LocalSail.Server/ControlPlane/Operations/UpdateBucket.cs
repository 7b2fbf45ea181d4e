using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Cors;
using LocalSail.Server.Objects;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

internal sealed class UpdateBucket(IControlPlaneStore store) : LightsailOperation<UpdateBucketRequest, UpdateBucketResponse>(LightsailOperations.UpdateBucket)
{
    protected override async Task<Outcome<UpdateBucketResponse>> HandleAsync(UpdateBucketRequest request, LightsailRequestContext context)
    {
        var bucketName = request.BucketName!;
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

            if (log.Destination != bucketName
                && await store.GetBucketAsync(context.Scope, log.Destination, context.CancellationToken) is null)
            {
                return LightsailError.NotFound("bucket", log.Destination);
            }
        }

        var corsRules = request.Cors is { } cors ? cors.Rules?.Select(WireMapping.FromWire).ToList() ?? [] : null;
        if (corsRules is not null && CorsConfiguration.Validate(corsRules) is { } corsProblem)
        {
            return LightsailError.InvalidInput($"cors: {corsProblem.Message}");
        }

        var operation = WireMapping.NewOperation(context.Scope, bucketName, "UpdateBucket", context.Now);
        var outcome = await store.UpdateBucketAsync(context.Scope, bucketName, current =>
        {
            var updated = current;
            if (request.AccessRules is { } rules)
            {
                updated = updated with
                {
                    AccessRules = new BucketAccessRules(
                        rules.GetObject is { } access ? (access == AccessType.Public ? ObjectAccess.Public : ObjectAccess.Private) : updated.AccessRules.GetObject,
                        rules.AllowPublicOverrides ?? updated.AccessRules.AllowPublicOverrides),
                };
            }

            if (request.Versioning is not null)
            {
                updated = updated with { Versioning = BucketVersioning.Change(updated.Versioning, request.Versioning == "Enabled") };
            }

            if (request.ReadonlyAccessAccounts is not null)
            {
                updated = updated with { ReadonlyAccessAccounts = request.ReadonlyAccessAccounts.Distinct().ToList() };
            }

            if (request.AccessLogConfig is { } accessLog)
            {
                updated = updated with
                {
                    AccessLog = accessLog.Enabled == true ? new BucketAccessLog(true, accessLog.Destination, accessLog.Prefix) : BucketAccessLog.Disabled,
                };
            }

            if (corsRules is not null)
            {
                updated = updated with { CorsRules = corsRules };
            }

            return new BucketChange(updated, [operation]);
        }, context.CancellationToken);

        if (outcome.Bucket is null)
        {
            return LightsailError.NotFound("bucket", bucketName);
        }

        return new UpdateBucketResponse { Bucket = WireMapping.ToWire(outcome.Bucket, context.S3Endpoint, context.Now), Operations = WireMapping.ToWire(outcome.Operations) };
    }
}
