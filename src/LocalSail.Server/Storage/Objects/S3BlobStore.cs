using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Server.Objects;

namespace LocalSail.Server.Storage.Objects;

/// <summary>
/// Blobs as objects of a bucket in an existing S3-compatible store (Ceph's RADOS Gateway, MinIO, Garage, AWS S3):
/// <c>&lt;prefix&gt;&lt;bucket id&gt;/&lt;uuid&gt;</c>. Only bytes live there; metadata, listings and versions stay in
/// LocalSail's metadata store. Writes stream: bytes are held one part at a time (<see cref="PartSize"/>); a blob that
/// fits in one part is one PUT, a larger one a multipart upload whose parts are sent as they fill. Reads stream the
/// range asked for. A blob exists once its PUT or its multipart completion is acknowledged, which is the backend's
/// durability.
/// </summary>
internal sealed class S3BlobStore(IAmazonS3 client, string bucket, string prefix) : IBlobStore
{
    /// <summary>Bytes held in memory per blob being written, and the part size of multipart uploads.</summary>
    public const int PartSize = 8 * 1024 * 1024;

    private const int DeleteBatch = 1000;

    private IAmazonS3 Client => client;

    private string Bucket => bucket;

    public IBlobWriter CreateWriter(string bucketId) => new Writer(this, bucketId, Guid.NewGuid().ToString("N"));

    public async ValueTask<Stream?> OpenReadAsync(string bucketId, string blob, long offset, long length, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return await ExistsAsync(bucketId, blob, cancellationToken) ? Stream.Null : null;
        }

        try
        {
            var response = await client.GetObjectAsync(
                new GetObjectRequest { BucketName = bucket, Key = KeyOf(bucketId, blob), ByteRange = new ByteRange(offset, offset + length - 1) },
                cancellationToken);
            return new ResponseStream(response);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async ValueTask DeleteAsync(string bucketId, string blob, CancellationToken cancellationToken) =>
        await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = KeyOf(bucketId, blob) }, cancellationToken);

    public async ValueTask DeleteBucketAsync(string bucketId, CancellationToken cancellationToken)
    {
        var batch = new List<KeyVersion>(DeleteBatch);
        await foreach (var stored in ListAsync(prefix + bucketId + "/", cancellationToken))
        {
            batch.Add(new KeyVersion { Key = stored.Key });
            if (batch.Count == DeleteBatch)
            {
                await DeleteObjectsAsync(batch, cancellationToken);
            }
        }

        await DeleteObjectsAsync(batch, cancellationToken);
    }

    public async IAsyncEnumerable<StoredBlob> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var stored in ListAsync(prefix, cancellationToken))
        {
            var name = stored.Key[prefix.Length..];
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && slash < name.Length - 1)
            {
                yield return new StoredBlob(name[..slash], name[(slash + 1)..], stored.LastModified?.ToUniversalTime() ?? DateTime.UtcNow);
            }
        }
    }

    private string KeyOf(string bucketId, string blob) => $"{prefix}{bucketId}/{blob}";

    private async Task<bool> ExistsAsync(string bucketId, string blob, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = KeyOf(bucketId, blob) }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task DeleteObjectsAsync(List<KeyVersion> keys, CancellationToken cancellationToken)
    {
        if (keys.Count > 0)
        {
            await client.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = [.. keys], Quiet = true }, cancellationToken);
            keys.Clear();
        }
    }

    private async IAsyncEnumerable<S3Object> ListAsync(string keyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await client.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = bucket, Prefix = keyPrefix, ContinuationToken = token },
                cancellationToken);
            foreach (var stored in page.S3Objects ?? [])
            {
                yield return stored;
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
    }

    /// <summary>
    /// A blob being written: bytes fill one part in memory; a full part is sent (starting the multipart upload with
    /// the first) before more is taken. Committing sends what is left; disposing uncommitted aborts the upload.
    /// </summary>
    private sealed class Writer(S3BlobStore store, string bucketId, string blob) : DataPlane.WriteOnlyStream, IBlobWriter
    {
        private readonly MemoryStream _part = new();
        private readonly List<PartETag> _parts = [];
        private string? _uploadId;
        private bool _committed;

        public Stream Stream => this;

        private string Key => store.KeyOf(bucketId, blob);

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (!buffer.IsEmpty)
            {
                var room = PartSize - (int)_part.Length;
                var take = Math.Min(room, buffer.Length);
                _part.Write(buffer.Span[..take]);
                buffer = buffer[take..];
                if (_part.Length == PartSize)
                {
                    await SendPartAsync(cancellationToken);
                }
            }
        }

        public async ValueTask<string> CommitAsync(CancellationToken cancellationToken)
        {
            _part.Position = 0;
            if (_uploadId is null)
            {
                await store.Client.PutObjectAsync(
                    new PutObjectRequest { BucketName = store.Bucket, Key = Key, InputStream = _part, AutoCloseStream = false, UseChunkEncoding = false },
                    cancellationToken);
            }
            else
            {
                if (_part.Length > 0 || _parts.Count == 0)
                {
                    await SendPartAsync(cancellationToken);
                }

                await store.Client.CompleteMultipartUploadAsync(
                    new CompleteMultipartUploadRequest { BucketName = store.Bucket, Key = Key, UploadId = _uploadId, PartETags = _parts },
                    cancellationToken);
            }

            _committed = true;
            return blob;
        }

        public override async ValueTask DisposeAsync()
        {
            if (!_committed && _uploadId is not null)
            {
                try
                {
                    await store.Client.AbortMultipartUploadAsync(
                        new AbortMultipartUploadRequest { BucketName = store.Bucket, Key = Key, UploadId = _uploadId }, CancellationToken.None);
                }
                catch (AmazonServiceException)
                {
                    // The backend's own expiry of incomplete uploads removes it then.
                }
            }

            await _part.DisposeAsync();
            await base.DisposeAsync();
        }

        private async Task SendPartAsync(CancellationToken cancellationToken)
        {
            _uploadId ??= (await store.Client.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = store.Bucket, Key = Key }, cancellationToken)).UploadId;
            _part.Position = 0;
            var number = _parts.Count + 1;
            var sent = await store.Client.UploadPartAsync(
                new UploadPartRequest
                {
                    BucketName = store.Bucket,
                    Key = Key,
                    UploadId = _uploadId,
                    PartNumber = number,
                    InputStream = _part,
                    PartSize = _part.Length,
                    UseChunkEncoding = false,
                },
                cancellationToken);
            _parts.Add(new PartETag(number, sent.ETag));
            _part.SetLength(0);
        }
    }

    /// <summary>The body of a GetObject response, which disposes the response with it.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _body = response.ResponseStream;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => response.ContentLength;

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => _body.Read(buffer, offset, count);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _body.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _body.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
