namespace LocalSail.Server.Storage;

/// <summary>A bucket's object versioning.</summary>
internal enum VersioningState
{
    /// <summary>Never enabled (Lightsail's <c>NeverEnabled</c>): every object is the null version.</summary>
    Unversioned,

    Enabled,

    /// <summary>Enabled once, now suspended: existing versions stay, new writes are the null version.</summary>
    Suspended,
}

/// <summary>Who may read a bucket's objects without signing.</summary>
internal enum ObjectAccess
{
    Private,
    Public,
}

/// <summary>
/// A bucket's access rules: whether anyone may read its objects, and whether an object's own
/// <c>public-read</c> ACL may make it public in a private bucket.
/// </summary>
internal sealed record BucketAccessRules(ObjectAccess GetObject, bool AllowPublicOverrides)
{
    public static readonly BucketAccessRules Private = new(ObjectAccess.Private, false);
}

/// <summary>Where a bucket's access logs go, when they are enabled.</summary>
internal sealed record BucketAccessLog(bool Enabled, string? Destination = null, string? Prefix = null)
{
    public static readonly BucketAccessLog Disabled = new(false);
}

/// <summary>One CORS rule of a bucket, as Lightsail keeps it; a list absent from the rule is null.</summary>
internal sealed record CorsRule(
    string? Id,
    IReadOnlyList<string>? AllowedMethods,
    IReadOnlyList<string>? AllowedOrigins,
    IReadOnlyList<string>? AllowedHeaders,
    IReadOnlyList<string>? ExposeHeaders,
    int? MaxAgeSeconds);
