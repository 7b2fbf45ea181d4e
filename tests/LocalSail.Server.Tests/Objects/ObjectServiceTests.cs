using LocalSail.Server.Objects;
using LocalSail.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Server.Tests.Objects;

/// <summary>
/// S3's rules for object versions, over a store that only keeps rows: versioning states, delete markers, the
/// null version, conditional writes checked in the commit, and the bytes each change leaves behind.
/// </summary>
public sealed class ObjectServiceTests
{
    private const string Bucket = "bucket";
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly InMemoryObjectMetadataStore _store = new();
    private readonly RecordingBlobStore _blobs = new();
    private readonly ObjectService _objects;

    public ObjectServiceTests() => _objects = new ObjectService(_store, _blobs, NullLogger<ObjectService>.Instance);

    /// <summary>A version of <paramref name="key"/> whose bytes are committed in a blob of their own.</summary>
    private ObjectRecord Version(string key, string etag = "e1") =>
        new() { BucketId = Bucket, Key = key, Size = 3, ETag = etag, LastModified = Now, Blob = _blobs.Add(Bucket, [1, 2, 3]) };

    private async Task<ObjectRecord> PutAsync(VersioningState versioning, string key, string etag = "e1")
    {
        var written = await _objects.PutAsync(versioning, Version(key, etag), WriteConditions.None, CancellationToken.None);
        Assert.True(written.Written);
        return written.Version!;
    }

    private IReadOnlyList<ObjectRecord> Versions(string key) => _store.VersionsOf(Bucket, key);

    private ObjectRecord? Latest(string key) => Versions(key).SingleOrDefault(v => v.IsLatest);

    private Task<ObjectDeletion> DeleteAsync(VersioningState versioning, string key, string? versionId = null) =>
        _objects.DeleteAsync(versioning, Bucket, key, versionId, Now, CancellationToken.None);

    [Fact]
    public async Task Without_versioning_a_write_replaces_the_null_version_and_its_bytes_go()
    {
        var first = await PutAsync(VersioningState.Unversioned, "k");
        var second = await PutAsync(VersioningState.Unversioned, "k");

        Assert.Equal(ObjectRecord.NullVersionId, second.VersionId);
        var only = Assert.Single(Versions("k"));
        Assert.Equal((second.Blob, true), (only.Blob, only.IsLatest));
        Assert.Equal([first.Blob!], _blobs.Deleted);
    }

    [Fact]
    public async Task With_versioning_enabled_every_write_is_a_new_latest_version_and_none_is_lost()
    {
        var first = await PutAsync(VersioningState.Enabled, "k");
        var second = await PutAsync(VersioningState.Enabled, "k");

        Assert.NotEqual(ObjectRecord.NullVersionId, first.VersionId);
        Assert.NotEqual(first.VersionId, second.VersionId);
        Assert.Equal([first.VersionId, second.VersionId], Versions("k").Select(v => v.VersionId));
        Assert.Equal(second.VersionId, Latest("k")!.VersionId);
        Assert.Empty(_blobs.Deleted);
    }

    [Fact]
    public async Task With_versioning_suspended_a_write_replaces_only_the_null_version()
    {
        var versioned = await PutAsync(VersioningState.Enabled, "k");
        var firstNull = await PutAsync(VersioningState.Suspended, "k");
        var secondNull = await PutAsync(VersioningState.Suspended, "k");

        Assert.Equal(
            [(versioned.VersionId, false), (ObjectRecord.NullVersionId, true)],
            Versions("k").Select(v => (v.VersionId, v.IsLatest)));
        Assert.Equal(secondNull.Blob, Latest("k")!.Blob);
        Assert.Equal([firstNull.Blob!], _blobs.Deleted);
    }

    [Fact]
    public async Task Without_versioning_a_delete_removes_the_object_and_its_bytes()
    {
        var written = await PutAsync(VersioningState.Unversioned, "k");

        var deleted = await DeleteAsync(VersioningState.Unversioned, "k");
        var again = await DeleteAsync(VersioningState.Unversioned, "k");

        Assert.Equal(new ObjectDeletion(true, null, false), deleted);
        Assert.Equal(new ObjectDeletion(false, null, false), again);
        Assert.Empty(Versions("k"));
        Assert.Equal([written.Blob!], _blobs.Deleted);
    }

    [Fact]
    public async Task With_versioning_enabled_a_delete_adds_a_marker_and_keeps_every_version()
    {
        var written = await PutAsync(VersioningState.Enabled, "k");

        var marker = await DeleteAsync(VersioningState.Enabled, "k");
        var onNothing = await DeleteAsync(VersioningState.Enabled, "never-written");

        Assert.True(marker is { Found: true, IsDeleteMarker: true });
        Assert.NotEqual(ObjectRecord.NullVersionId, marker.VersionId);
        Assert.Equal([(written.VersionId, false, false), (marker.VersionId!, true, true)], Versions("k").Select(v => (v.VersionId, v.IsDeleteMarker, v.IsLatest)));
        Assert.True(onNothing.IsDeleteMarker);
        Assert.True(Latest("never-written")!.IsDeleteMarker);
        Assert.Empty(_blobs.Deleted);
    }

    [Fact]
    public async Task With_versioning_suspended_a_delete_marker_is_the_null_version_and_replaces_it()
    {
        var versioned = await PutAsync(VersioningState.Enabled, "k");
        var nullVersion = await PutAsync(VersioningState.Suspended, "k");

        var marker = await DeleteAsync(VersioningState.Suspended, "k");

        Assert.Equal(new ObjectDeletion(true, ObjectRecord.NullVersionId, true), marker);
        Assert.Equal(
            [(versioned.VersionId, false, false), (ObjectRecord.NullVersionId, true, true)],
            Versions("k").Select(v => (v.VersionId, v.IsDeleteMarker, v.IsLatest)));
        Assert.Equal([nullVersion.Blob!], _blobs.Deleted);
    }

    [Fact]
    public async Task Deleting_the_latest_version_by_id_makes_the_one_before_it_latest()
    {
        var first = await PutAsync(VersioningState.Enabled, "k");
        var second = await PutAsync(VersioningState.Enabled, "k");

        var deleted = await DeleteAsync(VersioningState.Enabled, "k", second.VersionId);

        Assert.Equal(new ObjectDeletion(true, second.VersionId, false), deleted);
        Assert.Equal([(first.VersionId, true)], Versions("k").Select(v => (v.VersionId, v.IsLatest)));
        Assert.Equal([second.Blob!], _blobs.Deleted);
    }

    [Fact]
    public async Task Deleting_a_delete_marker_by_id_brings_the_object_back()
    {
        var written = await PutAsync(VersioningState.Enabled, "k");
        var marker = await DeleteAsync(VersioningState.Enabled, "k");

        var deleted = await DeleteAsync(VersioningState.Enabled, "k", marker.VersionId);

        Assert.Equal(new ObjectDeletion(true, marker.VersionId, true), deleted);
        Assert.Equal(written.VersionId, Latest("k")!.VersionId);
        Assert.Empty(_blobs.Deleted);
    }

    [Fact]
    public async Task Deleting_an_older_version_by_id_leaves_the_latest_alone()
    {
        var first = await PutAsync(VersioningState.Enabled, "k");
        var second = await PutAsync(VersioningState.Enabled, "k");

        await DeleteAsync(VersioningState.Enabled, "k", first.VersionId);
        var missing = await DeleteAsync(VersioningState.Enabled, "k", "no-such-version");

        Assert.Equal([(second.VersionId, true)], Versions("k").Select(v => (v.VersionId, v.IsLatest)));
        Assert.Equal(new ObjectDeletion(false, "no-such-version", false), missing);
        Assert.Equal([first.Blob!], _blobs.Deleted);
    }

    [Fact]
    public async Task Deleting_the_null_version_by_id_under_suspended_versioning_uncovers_the_versioned_one()
    {
        var versioned = await PutAsync(VersioningState.Enabled, "k");
        var nullVersion = await PutAsync(VersioningState.Suspended, "k");

        await DeleteAsync(VersioningState.Suspended, "k", ObjectRecord.NullVersionId);

        Assert.Equal([(versioned.VersionId, true)], Versions("k").Select(v => (v.VersionId, v.IsLatest)));
        Assert.Equal([nullVersion.Blob!], _blobs.Deleted);
    }

    [Theory]
    [InlineData(nameof(VersioningState.Unversioned))]
    [InlineData(nameof(VersioningState.Enabled))]
    [InlineData(nameof(VersioningState.Suspended))]
    public async Task If_None_Match_any_refuses_to_overwrite_and_drops_the_bytes_written_for_it(string versioningName)
    {
        var versioning = Enum.Parse<VersioningState>(versioningName);
        var existing = await PutAsync(versioning, "k");
        var refused = Version("k", "e2");

        var write = await _objects.PutAsync(versioning, refused, new WriteConditions(null, WriteConditions.Any), CancellationToken.None);

        Assert.Equal((WriteStatus.PreconditionFailed, "If-None-Match"), (write.Status, write.FailedCondition));
        Assert.Equal(existing.Blob, Assert.Single(Versions("k")).Blob);
        Assert.Equal([refused.Blob!], _blobs.Deleted);
    }

    [Theory]
    [InlineData(nameof(VersioningState.Unversioned))]
    [InlineData(nameof(VersioningState.Enabled))]
    [InlineData(nameof(VersioningState.Suspended))]
    public async Task If_None_Match_any_writes_a_key_that_is_absent_or_deleted(string versioningName)
    {
        var versioning = Enum.Parse<VersioningState>(versioningName);
        var absent = await _objects.PutAsync(versioning, Version("new"), new WriteConditions(null, WriteConditions.Any), CancellationToken.None);
        await PutAsync(versioning, "deleted");
        await DeleteAsync(versioning, "deleted");
        var overMarker = await _objects.PutAsync(versioning, Version("deleted"), new WriteConditions(null, WriteConditions.Any), CancellationToken.None);

        Assert.True(absent.Written);
        Assert.True(overMarker.Written);
        Assert.False(Latest("deleted")!.IsDeleteMarker);
    }

    [Fact]
    public async Task If_Match_writes_only_over_the_version_it_names()
    {
        await PutAsync(VersioningState.Enabled, "k", etag: "current");

        var onMissing = await _objects.PutAsync(VersioningState.Enabled, Version("missing"), new WriteConditions("current", null), CancellationToken.None);
        var mismatched = await _objects.PutAsync(VersioningState.Enabled, Version("k", "e2"), new WriteConditions("stale", null), CancellationToken.None);
        var matched = await _objects.PutAsync(VersioningState.Enabled, Version("k", "e3"), new WriteConditions("current", null), CancellationToken.None);
        var anyVersion = await _objects.PutAsync(VersioningState.Enabled, Version("k", "e4"), new WriteConditions(WriteConditions.Any, null), CancellationToken.None);

        Assert.Equal(WriteStatus.NoSuchKey, onMissing.Status);
        Assert.Equal((WriteStatus.PreconditionFailed, "If-Match"), (mismatched.Status, mismatched.FailedCondition));
        Assert.True(matched.Written);
        Assert.True(anyVersion.Written);
        Assert.Equal(["current", "e3", "e4"], Versions("k").Select(v => v.ETag));
        Assert.Empty(Versions("missing"));
    }

    [Fact]
    public async Task If_Match_on_a_key_whose_latest_is_a_delete_marker_finds_no_object()
    {
        await PutAsync(VersioningState.Enabled, "k", etag: "current");
        await DeleteAsync(VersioningState.Enabled, "k");

        var write = await _objects.PutAsync(VersioningState.Enabled, Version("k"), new WriteConditions(WriteConditions.Any, null), CancellationToken.None);

        Assert.Equal(WriteStatus.NoSuchKey, write.Status);
    }

    [Fact]
    public async Task Conditions_are_checked_in_the_commit_so_a_write_that_lands_after_the_early_check_still_wins()
    {
        var conditions = new WriteConditions(null, WriteConditions.Any);
        var early = await _objects.CheckConditionsAsync(Bucket, "k", conditions, CancellationToken.None);
        Assert.True(early.Written);

        // Another client's write commits while this one's body is still arriving.
        await PutAsync(VersioningState.Unversioned, "k", etag: "theirs");
        var mine = Version("k", "mine");
        var write = await _objects.PutAsync(VersioningState.Unversioned, mine, conditions, CancellationToken.None);

        Assert.Equal(WriteStatus.PreconditionFailed, write.Status);
        Assert.Equal("theirs", Latest("k")!.ETag);
        Assert.Equal([mine.Blob!], _blobs.Deleted);
    }

    [Fact]
    public async Task A_commit_that_fails_removes_the_bytes_written_for_it_and_nothing_else()
    {
        var existing = await PutAsync(VersioningState.Unversioned, "k");
        var failed = Version("k", "e2");
        _store.FailNextChange = true;

        await Assert.ThrowsAsync<IOException>(() => _objects.PutAsync(VersioningState.Unversioned, failed, WriteConditions.None, CancellationToken.None));

        Assert.Equal(existing.Blob, Assert.Single(Versions("k")).Blob);
        Assert.Equal([failed.Blob!], _blobs.Deleted);
        Assert.Contains(existing.Blob!, _blobs.Names);
    }

    [Fact]
    public async Task Tags_and_ACL_change_on_the_version_named_and_never_on_a_delete_marker()
    {
        var first = await PutAsync(VersioningState.Enabled, "k");
        var second = await PutAsync(VersioningState.Enabled, "k");

        var latest = await _objects.UpdateAsync(Bucket, "k", null, [new("team", "a")], null, CancellationToken.None);
        var older = await _objects.UpdateAsync(Bucket, "k", first.VersionId, null, ObjectAcl.PublicRead, CancellationToken.None);
        var marker = await DeleteAsync(VersioningState.Enabled, "k");
        var onLatestMarker = await _objects.UpdateAsync(Bucket, "k", null, [], null, CancellationToken.None);
        var onMarkerById = await _objects.UpdateAsync(Bucket, "k", marker.VersionId, [], null, CancellationToken.None);
        var onNoVersion = await _objects.UpdateAsync(Bucket, "k", "no-such-version", [], null, CancellationToken.None);
        var onNoKey = await _objects.UpdateAsync(Bucket, "none", null, [], null, CancellationToken.None);

        Assert.Equal(second.VersionId, latest.Version!.VersionId);
        Assert.Equal(first.VersionId, older.Version!.VersionId);
        var versions = Versions("k");
        Assert.Equal(("team", "a"), (versions[1].Tags.Single().Key, versions[1].Tags.Single().Value));
        Assert.Equal((ObjectAcl.PublicRead, ObjectAcl.Private), (versions[0].Acl, versions[1].Acl));
        Assert.Equal(
            [VersionMiss.NoSuchKey, VersionMiss.DeleteMarker, VersionMiss.NoSuchVersion, VersionMiss.NoSuchKey],
            [onLatestMarker.Miss, onMarkerById.Miss, onNoVersion.Miss, onNoKey.Miss]);
    }

    [Fact]
    public async Task Completing_an_upload_commits_the_object_and_removes_the_upload_and_every_part()
    {
        await PutAsync(VersioningState.Unversioned, "k");
        var replaced = Latest("k")!;
        var (upload, parts) = await UploadAsync("k", parts: 2);
        var unlisted = parts[1];
        var version = Version("k", "multi-2");
        _blobs.Deleted.Clear();

        var write = await _objects.CompleteUploadAsync(VersioningState.Unversioned, upload.UploadId, [parts[0]], version, WriteConditions.None, CancellationToken.None);

        Assert.True(write.Written);
        Assert.Equal(version.Blob, Assert.Single(Versions("k")).Blob);
        Assert.Null(await _objects.FindUploadAsync(Bucket, "k", upload.UploadId, CancellationToken.None));
        Assert.Empty(_store.Parts);
        Assert.Equal(new[] { replaced.Blob!, parts[0].Blob, unlisted.Blob }.Order(), _blobs.Deleted.Order());
    }

    [Fact]
    public async Task Completing_an_upload_that_is_gone_or_whose_part_was_uploaded_again_commits_nothing()
    {
        var (upload, parts) = await UploadAsync("k", parts: 1);
        var reuploaded = parts[0] with { Blob = _blobs.Add(Bucket, [9]), ETag = "again" };
        Assert.True(await _objects.PutPartAsync(Bucket, reuploaded, CancellationToken.None));
        var stale = Version("k");
        var gone = Version("k");
        _blobs.Deleted.Clear();

        var staleWrite = await _objects.CompleteUploadAsync(VersioningState.Unversioned, upload.UploadId, parts, stale, WriteConditions.None, CancellationToken.None);
        var goneWrite = await _objects.CompleteUploadAsync(VersioningState.Unversioned, "no-such-upload", [reuploaded], gone, WriteConditions.None, CancellationToken.None);

        Assert.Equal((WriteStatus.InvalidPart, WriteStatus.NoSuchUpload), (staleWrite.Status, goneWrite.Status));
        Assert.Empty(Versions("k"));
        Assert.Equal([stale.Blob!, gone.Blob!], _blobs.Deleted);
        Assert.Equal(reuploaded, Assert.Single(_store.Parts));
    }

    [Fact]
    public async Task A_part_uploaded_again_replaces_the_old_bytes_and_a_part_of_an_upload_that_is_gone_is_not_kept()
    {
        var (upload, parts) = await UploadAsync("k", parts: 1);
        var again = parts[0] with { Blob = _blobs.Add(Bucket, [7]) };
        var orphan = parts[0] with { UploadId = "gone", Blob = _blobs.Add(Bucket, [8]) };
        _blobs.Deleted.Clear();

        Assert.True(await _objects.PutPartAsync(Bucket, again, CancellationToken.None));
        Assert.False(await _objects.PutPartAsync(Bucket, orphan, CancellationToken.None));
        Assert.True(await _objects.AbortUploadAsync(Bucket, "k", upload.UploadId, CancellationToken.None));
        Assert.False(await _objects.AbortUploadAsync(Bucket, "k", upload.UploadId, CancellationToken.None));

        Assert.Equal([parts[0].Blob, orphan.Blob, again.Blob], _blobs.Deleted);
        Assert.Empty(_store.Parts);
    }

    private async Task<(UploadRecord Upload, PartRecord[] Parts)> UploadAsync(string key, int parts)
    {
        var upload = new UploadRecord { UploadId = "upload-" + key, BucketId = Bucket, Key = key, Initiated = Now };
        await _objects.CreateUploadAsync(upload, CancellationToken.None);
        var uploaded = new PartRecord[parts];
        for (var i = 0; i < parts; i++)
        {
            uploaded[i] = new PartRecord
            {
                UploadId = upload.UploadId,
                PartNumber = i + 1,
                Size = 1,
                ETag = "part-" + (i + 1),
                LastModified = Now,
                Blob = _blobs.Add(Bucket, [(byte)i]),
            };
            Assert.True(await _objects.PutPartAsync(Bucket, uploaded[i], CancellationToken.None));
        }

        return (upload, uploaded);
    }
}
