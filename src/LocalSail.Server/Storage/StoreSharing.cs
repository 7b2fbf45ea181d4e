namespace LocalSail.Server.Storage;

/// <summary>
/// Whether other LocalSail processes share this one's stores (a PostgreSQL database, a shared blob directory or
/// bucket). Clean-up that is safe for a sole owner must then allow for their writes in progress.
/// </summary>
internal sealed record StoreSharing(bool IsShared)
{
    public static readonly StoreSharing SoleOwner = new(false);

    /// <summary>
    /// How old an unreferenced blob must be before a sweep removes it when the store is shared: another node may have
    /// committed it a moment ago and be about to commit the metadata that refers to it.
    /// </summary>
    public static readonly TimeSpan SharedOrphanAge = TimeSpan.FromHours(1);
}
