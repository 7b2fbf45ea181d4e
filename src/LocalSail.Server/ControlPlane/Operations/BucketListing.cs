using System.Collections.Concurrent;
using System.Text.Json;
using LocalSail.Lightsail.Model.Serialization;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>
/// GetBuckets' pages, kept in memory as the bytes of the answer, and each bucket's JSON they are made of, so that
/// listing an account's buckets neither parses every bucket's stored settings nor serializes them on every call.
/// </summary>
/// <remarks>
/// A change to a bucket (announced by <see cref="ControlPlaneChanges"/>) forgets that bucket's JSON and every
/// page; a page is then made again from the names in the store and the JSON of the buckets that did not change.
/// What is kept holds only for the S3 address, the month (a bundle can change once a month) and the CORS choice it
/// was written for. A page or bucket read while a change happened is not kept, so nothing stale is. When other
/// processes share the store (<see cref="ControlPlaneChanges.IsComplete"/> is false), a page is made in one read
/// and kept under the control plane's version it was read at; it serves only calls that read the same version
/// (<see cref="SharedControlPlaneVersion"/>).
/// </remarks>
internal sealed class BucketListing : IControlPlaneChangeObserver
{
    /// <summary>Buckets beyond this many are serialized when a page is made rather than kept.</summary>
    public const int MaxBuckets = 10_000;

    /// <summary>Pages beyond this many are made on every call rather than kept.</summary>
    public const int MaxPages = 256;

    private readonly IControlPlaneStore _store;
    private readonly ConcurrentDictionary<(string Name, bool IncludeCors), Kept> _buckets = new();
    private readonly ConcurrentDictionary<PageKey, byte[]> _pages = new();
    private readonly bool _keepNothing;
    private readonly VersionedCache<PageKey, byte[]>? _sharedPages;
    private long _generation;

    public BucketListing(IControlPlaneStore store, ControlPlaneChanges changes)
    {
        _store = store;
        // Other processes change the store unannounced (a shared PostgreSQL): pages are kept under its version, if any.
        _keepNothing = !changes.IsComplete;
        _sharedPages = changes.SharedVersion is { } sharedVersion ? new(sharedVersion, MaxPages) : null;
        changes.Observe(this);
    }

    /// <summary>
    /// The answer to GetBuckets for the page after <paramref name="afterName"/> (the first when null): the bytes
    /// the serializer writes for its <see cref="Lightsail.Model.GetBucketsResponse"/>.
    /// </summary>
    public async ValueTask<byte[]> GetPageAsync(
        ResourceScope scope, string? afterName, Uri s3Endpoint, DateTimeOffset now, bool includeCors, int pageSize, CancellationToken cancellationToken)
    {
        var key = new PageKey(scope, afterName, s3Endpoint.OriginalString, Month(now), includeCors, pageSize);
        if (_pages.TryGetValue(key, out var page))
        {
            return page;
        }

        if (_sharedPages is not null)
        {
            // A page is made in one read, so never null.
            return (await _sharedPages.GetAsync(key, (Listing: this, s3Endpoint, now), MakeSharedPageAsync, cancellationToken))!;
        }

        var generation = Interlocked.Read(ref _generation);
        page = await MakePageAsync(scope, afterName, s3Endpoint, now, includeCors, pageSize, cancellationToken);
        Keep(_pages, key, page, generation, MaxPages);
        return page;
    }

    private static async ValueTask<byte[]?> MakeSharedPageAsync(
        PageKey key, (BucketListing Listing, Uri S3Endpoint, DateTimeOffset Now) state, CancellationToken cancellationToken) =>
        await state.Listing.MakePageAsync(key.Scope, key.AfterName, state.S3Endpoint, state.Now, key.IncludeCors, key.PageSize, cancellationToken);

    private async ValueTask<byte[]> MakePageAsync(
        ResourceScope scope, string? afterName, Uri s3Endpoint, DateTimeOffset now, bool includeCors, int pageSize, CancellationToken cancellationToken)
    {
        var listed = new List<byte[]>(pageSize);
        string? lastName;
        if (_keepNothing)
        {
            // Nothing is kept for a shared store: the page's buckets come in one read, not one read per bucket.
            var buckets = await _store.ListBucketsAsync(scope, afterName, pageSize + 1, cancellationToken);
            listed.AddRange(buckets.Take(pageSize).Select(bucket => Serialize(bucket, s3Endpoint, now, includeCors)));
            lastName = buckets.Count > pageSize ? buckets[pageSize - 1].Name : null;
        }
        else
        {
            var names = await _store.ListBucketNamesAsync(scope, afterName, pageSize + 1, cancellationToken);
            foreach (var name in names.Take(pageSize))
            {
                // Null when the bucket was deleted since its name was read: it is no longer listed.
                if (await GetBucketAsync(scope, name, s3Endpoint, now, includeCors, cancellationToken) is { } bucket)
                {
                    listed.Add(bucket);
                }
            }

            lastName = names.Count > pageSize ? names[pageSize - 1] : null;
        }

        using var body = new MemoryStream(1024 + (listed.Count * 768));
        using (var json = new Utf8JsonWriter(body, new JsonWriterOptions { SkipValidation = true }))
        {
            json.WriteStartObject();
            json.WritePropertyName("buckets"u8);
            json.WriteStartArray();
            foreach (var bucket in listed)
            {
                json.WriteRawValue(bucket, skipInputValidation: true);
            }

            json.WriteEndArray();
            if (lastName is not null)
            {
                json.WriteString("nextPageToken"u8, PageTokens.EncodeName(lastName));
            }

            json.WriteEndObject();
        }

        return body.ToArray();
    }

    /// <summary>The bucket's JSON as a GetBuckets answer lists it; null when the scope has no such bucket.</summary>
    private async ValueTask<byte[]?> GetBucketAsync(
        ResourceScope scope, string name, Uri s3Endpoint, DateTimeOffset now, bool includeCors, CancellationToken cancellationToken)
    {
        var month = Month(now);
        if (_buckets.TryGetValue((name, includeCors), out var kept) && kept.Scope == scope && kept.Month == month && kept.S3Endpoint == s3Endpoint.OriginalString)
        {
            return kept.Json;
        }

        var generation = Interlocked.Read(ref _generation);
        var bucket = await _store.GetBucketAsync(scope, name, cancellationToken);
        if (bucket is null)
        {
            return null;
        }

        var json = Serialize(bucket, s3Endpoint, now, includeCors);
        Keep(_buckets, (name, includeCors), new Kept(scope, s3Endpoint.OriginalString, month, json), generation, MaxBuckets);
        return json;
    }

    private static byte[] Serialize(BucketRecord bucket, Uri s3Endpoint, DateTimeOffset now, bool includeCors) =>
        JsonSerializer.SerializeToUtf8Bytes(WireMapping.ToWire(bucket, s3Endpoint, now, includeCors), LightsailJsonContext.Default.Bucket);

    /// <summary>Keeps a value read at <paramref name="generation"/> unless a change came since (checked again after storing).</summary>
    private void Keep<TKey, TValue>(ConcurrentDictionary<TKey, TValue> kept, TKey key, TValue value, long generation, int max)
        where TKey : notnull
    {
        if (_keepNothing || Interlocked.Read(ref _generation) != generation || (kept.Count >= max && !kept.ContainsKey(key)))
        {
            return;
        }

        kept[key] = value;
        if (Interlocked.Read(ref _generation) != generation)
        {
            kept.TryRemove(key, out _);
        }
    }

    void IControlPlaneChangeObserver.OnChanged(ControlPlaneChange change)
    {
        if (change.BucketName is { } name)
        {
            Interlocked.Increment(ref _generation);
            _buckets.TryRemove((name, false), out _);
            _buckets.TryRemove((name, true), out _);
            _pages.Clear();
        }
    }

    private static int Month(DateTimeOffset now) => (now.Year * 12) + now.Month;

    private sealed record Kept(ResourceScope Scope, string S3Endpoint, int Month, byte[] Json);

    private readonly record struct PageKey(ResourceScope Scope, string? AfterName, string S3Endpoint, int Month, bool IncludeCors, int PageSize);
}
