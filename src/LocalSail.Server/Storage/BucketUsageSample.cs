namespace LocalSail.Server.Storage;

/// <summary>One measurement of a bucket's contents: bytes stored (all versions) and object count, at a time.</summary>
internal sealed record BucketUsageSample(string BucketId, DateTimeOffset At, long SizeBytes, long ObjectCount);
