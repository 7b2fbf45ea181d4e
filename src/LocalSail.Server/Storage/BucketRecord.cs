namespace LocalSail.Server.Storage;

/// <summary>A bucket and its settings.</summary>
internal sealed record BucketRecord
{
    /// <summary>Internal identifier (a uuid), also the last part of the ARN.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required ResourceScope Scope { get; init; }

    public required string BundleId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the bundle was last changed; a bundle can change once per monthly cycle.</summary>
    public DateTimeOffset? BundleChangedAt { get; init; }

    public required string SupportCode { get; init; }

    public BucketAccessRules AccessRules { get; init; } = BucketAccessRules.Private;

    public VersioningState Versioning { get; init; } = VersioningState.Unversioned;

    public IReadOnlyList<BucketTag> Tags { get; init; } = [];

    public IReadOnlyList<string> ReadonlyAccessAccounts { get; init; } = [];

    /// <summary>Instances granted access with SetResourceAccessForBucket.</summary>
    public IReadOnlyList<string> ResourcesReceivingAccess { get; init; } = [];

    public BucketAccessLog AccessLog { get; init; } = BucketAccessLog.Disabled;

    /// <summary>The CORS rules; empty when none are set.</summary>
    public IReadOnlyList<CorsRule> CorsRules { get; init; } = [];

    /// <summary>Whether anyone may read the bucket's objects.</summary>
    public bool IsPublic => AccessRules.GetObject == ObjectAccess.Public;
}

internal sealed record BucketTag(string Key, string? Value);
