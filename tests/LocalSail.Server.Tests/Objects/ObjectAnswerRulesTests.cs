using LocalSail.Server.Objects;
using LocalSail.Server.Storage;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.Objects;

/// <summary>The rules behind S3's answers: delete conditions, remembered completions, versioning changes.</summary>
public sealed class ObjectAnswerRulesTests
{
    private static readonly DateTimeOffset Modified = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    private static ObjectRecord Object(string key = "k") => new()
    {
        BucketId = "bucket",
        Key = key,
        VersionId = ObjectRecord.NullVersionId,
        Size = 5,
        ETag = "0123456789abcdef0123456789abcdef",
        LastModified = Modified,
    };

    [Fact]
    public void Delete_conditions_hold_only_for_the_version_they_describe()
    {
        var target = Object();
        Assert.Equal(WriteStatus.Written, new DeleteConditions(null, null, null).Evaluate(null, out _));
        Assert.Equal(WriteStatus.Written, new DeleteConditions(target.ETag, Modified.AddMilliseconds(-600), 5).Evaluate(target, out _));
        Assert.Equal(WriteStatus.Written, new DeleteConditions(WriteConditions.Any, null, null).Evaluate(target, out _));

        Assert.Equal(WriteStatus.PreconditionFailed, new DeleteConditions("ffff", null, null).Evaluate(target, out var etag));
        Assert.Equal(WriteStatus.PreconditionFailed, new DeleteConditions(null, Modified.AddSeconds(1), null).Evaluate(target, out var time));
        Assert.Equal(WriteStatus.PreconditionFailed, new DeleteConditions(null, null, 6).Evaluate(target, out var size));
        Assert.Equal(("If-Match", "x-amz-if-match-last-modified-time", "x-amz-if-match-size"), (etag, time, size));

        Assert.Equal(WriteStatus.NoSuchKey, new DeleteConditions(target.ETag, null, null).Evaluate(null, out _));
        Assert.Equal(WriteStatus.NoSuchKey, new DeleteConditions(null, null, 0).Evaluate(target with { IsDeleteMarker = true }, out _));
    }

    [Fact]
    public void A_completion_is_remembered_for_its_key_for_fifteen_minutes()
    {
        var clock = new ManualClock(Modified);
        var completed = new CompletedUploads(clock);
        completed.Remember("upload", Object());

        Assert.Equal("k", completed.Find("bucket", "k", "upload")?.Key);
        Assert.Null(completed.Find("bucket", "other", "upload"));
        Assert.Null(completed.Find("other-bucket", "k", "upload"));
        clock.Advance(CompletedUploads.Retention - TimeSpan.FromSeconds(1));
        Assert.NotNull(completed.Find("bucket", "k", "upload"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(completed.Find("bucket", "k", "upload"));
    }

    [Fact]
    public void The_oldest_completions_go_first_beyond_the_capacity()
    {
        var completed = new CompletedUploads(new ManualClock(Modified));
        for (var i = 0; i <= CompletedUploads.Capacity; i++)
        {
            completed.Remember("upload-" + i, Object());
        }

        Assert.Null(completed.Find("bucket", "k", "upload-0"));
        Assert.NotNull(completed.Find("bucket", "k", "upload-1"));
        Assert.NotNull(completed.Find("bucket", "k", "upload-" + CompletedUploads.Capacity));
    }

    [Theory]
    [InlineData(nameof(VersioningState.Unversioned), true, nameof(VersioningState.Enabled))]
    [InlineData(nameof(VersioningState.Unversioned), false, nameof(VersioningState.Unversioned))]
    [InlineData(nameof(VersioningState.Enabled), false, nameof(VersioningState.Suspended))]
    [InlineData(nameof(VersioningState.Suspended), true, nameof(VersioningState.Enabled))]
    [InlineData(nameof(VersioningState.Suspended), false, nameof(VersioningState.Suspended))]
    public void Versioning_changes_as_Lightsail_shows_it(string current, bool enable, string expected) =>
        Assert.Equal(Enum.Parse<VersioningState>(expected), BucketVersioning.Change(Enum.Parse<VersioningState>(current), enable));
}
