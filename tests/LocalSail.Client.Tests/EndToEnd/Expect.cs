using LocalSail.Client.Errors;
using LocalSail.Lightsail.Model;

namespace LocalSail.Client.Tests.EndToEnd;

/// <summary>Assertions shared by the end-to-end tests.</summary>
internal static class Expect
{
    public const string Docs = "https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/";

    /// <summary>
    /// A server timestamp taken between <paramref name="before"/> and <paramref name="after"/>; the wire
    /// carries whole milliseconds, so the lower bound gives one.
    /// </summary>
    public static DateTimeOffset Between(DateTimeOffset? actual, DateTimeOffset before, DateTimeOffset after)
    {
        Assert.NotNull(actual);
        Assert.Equal(TimeSpan.Zero, actual.Value.Offset);
        Assert.InRange(actual.Value, before.AddMilliseconds(-1), after);
        return actual.Value;
    }

    /// <summary>A completed operation on a bucket of us-east-1, as LocalSail records every change.</summary>
    public static void Operation(Operation? operation, OperationType type, string bucketName, string? details = null)
    {
        Assert.NotNull(operation);
        Assert.True(Guid.TryParse(operation.Id, out _), $"operation id '{operation.Id}' is not a GUID");
        Assert.Equal(bucketName, operation.ResourceName);
        Assert.Equal(ResourceType.Bucket, operation.ResourceType);
        Assert.Equal(type, operation.OperationType);
        Assert.Equal(OperationStatus.Succeeded, operation.Status);
        Assert.True(operation.IsTerminal);
        Assert.Equal(details, operation.OperationDetails);
        Assert.Equal("all", operation.Location?.AvailabilityZone);
        Assert.Equal(RegionName.UsEast1, operation.Location?.RegionName);
        Assert.NotNull(operation.CreatedAt);
        Assert.Equal(operation.CreatedAt, operation.StatusChangedAt);
        Assert.Null(operation.ErrorCode);
        Assert.Null(operation.ErrorDetails);
    }

    /// <summary>An error answered by the server, with the members every LocalSail error carries.</summary>
    public static async Task<T> ErrorAsync<T>(Func<Task> call, string code, System.Net.HttpStatusCode status = System.Net.HttpStatusCode.BadRequest)
        where T : LightsailException
    {
        var error = await Assert.ThrowsAsync<T>(call);
        Assert.Equal(typeof(T).Name, error.ErrorType);
        Assert.Equal(code, error.Code);
        Assert.Equal(Docs, error.Docs);
        Assert.Equal(status, error.StatusCode);
        Assert.True(Guid.TryParse(error.RequestId, out _), $"request id '{error.RequestId}' is not a GUID");
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }
}
