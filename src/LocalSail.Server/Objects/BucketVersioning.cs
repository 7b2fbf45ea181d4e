using LocalSail.Server.Storage;

namespace LocalSail.Server.Objects;

/// <summary>How a bucket's versioning changes, the same through Lightsail's UpdateBucket and S3's PutBucketVersioning.</summary>
internal static class BucketVersioning
{
    /// <summary>
    /// The state after asking for versioning enabled or suspended. Suspending a bucket that never had versioning
    /// leaves it never enabled, as Lightsail shows it (<c>NeverEnabled</c>).
    /// </summary>
    public static VersioningState Change(VersioningState current, bool enable) =>
        enable ? VersioningState.Enabled : current == VersioningState.Unversioned ? VersioningState.Unversioned : VersioningState.Suspended;
}
