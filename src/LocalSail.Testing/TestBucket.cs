using LocalSail.Signing;

namespace LocalSail.Testing;

/// <summary>A bucket made for a test, with an access key that has full access to it and no other bucket.</summary>
/// <param name="Name">The bucket's name.</param>
/// <param name="AccessKey">The bucket access key's id and secret, for S3 clients.</param>
public sealed record TestBucket(string Name, Credentials AccessKey);
