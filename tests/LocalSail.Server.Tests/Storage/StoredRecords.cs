using LocalSail.Server.ControlPlane.Operations;
using LocalSail.Server.Storage;

namespace LocalSail.Server.Tests.Storage;

/// <summary>The buckets, keys and operations store tests write: one account and region, one fixed time.</summary>
internal static class StoredRecords
{
    public static readonly ResourceScope Scope = new("111122223333", "us-east-1");

    public static readonly DateTimeOffset Now = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);

    /// <summary>A bucket with the plainest settings; its id is new each time, as a recreated bucket's is.</summary>
    public static BucketRecord Bucket(string name) => new()
    {
        Id = "id-" + name + "-" + Guid.NewGuid().ToString("N"),
        Name = name,
        Scope = Scope,
        BundleId = "small_1_0",
        CreatedAt = Now,
        SupportCode = "support",
    };

    public static OperationRecord Operation(string bucket, string type) => WireMapping.NewOperation(Scope, bucket, type, Now);

    public static AccessKeyRecord Key(string bucket, string id) =>
        new() { AccessKeyId = id, BucketName = bucket, Scope = Scope, SecretAccessKey = "secret-of-" + id, CreatedAt = Now };
}
