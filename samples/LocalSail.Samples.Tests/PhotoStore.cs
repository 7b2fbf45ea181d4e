using Amazon.S3;
using Amazon.S3.Model;

namespace LocalSail.Samples.Tests;

/// <summary>The code under test: a small application class that keeps photos in a bucket over S3.</summary>
public sealed class PhotoStore(IAmazonS3 s3, string bucket)
{
    public async Task SaveAsync(string name, byte[] bytes)
    {
        using var body = new MemoryStream(bytes);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "photos/" + name, InputStream = body, ContentType = "image/jpeg" });
    }

    public async Task<byte[]> LoadAsync(string name)
    {
        using var response = await s3.GetObjectAsync(bucket, "photos/" + name);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public async Task<IReadOnlyList<string>> ListAsync()
    {
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "photos/" });
        return [.. (listing.S3Objects ?? []).Select(o => o.Key["photos/".Length..])];
    }
}
