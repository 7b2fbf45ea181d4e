namespace LocalSail.Server.Storage;

/// <summary>A bucket as stored. Complex Lightsail settings are kept as their wire JSON.</summary>
public sealed record BucketRecord
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

    /// <summary><c>public</c> or <c>private</c>: whether anyone may read objects.</summary>
    public string GetObjectAccess { get; init; } = "private";

    /// <summary>Whether an object's own <c>public-read</c> ACL may make it public in a private bucket.</summary>
    public bool AllowPublicOverrides { get; init; }

    /// <summary><c>NeverEnabled</c>, <c>Enabled</c> or <c>Suspended</c>.</summary>
    public string ObjectVersioning { get; init; } = "NeverEnabled";

    public IReadOnlyList<BucketTag> Tags { get; init; } = [];

    public IReadOnlyList<string> ReadonlyAccessAccounts { get; init; } = [];

    /// <summary>Instances granted access with SetResourceAccessForBucket.</summary>
    public IReadOnlyList<string> ResourcesReceivingAccess { get; init; } = [];

    /// <summary>The access log configuration as wire JSON, or null when never set.</summary>
    public string? AccessLogConfigJson { get; init; }

    /// <summary>The CORS configuration as wire JSON, or null when never set.</summary>
    public string? CorsJson { get; init; }

    public bool IsVersioningEnabled => ObjectVersioning == "Enabled";

    public bool IsPublic => GetObjectAccess == "public";
}

public sealed record BucketTag(string Key, string? Value);
