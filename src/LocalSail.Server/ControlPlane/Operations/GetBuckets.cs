using System.Buffers;
using System.Text.Json;
using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;
using LightsailResponse = LocalSail.Server.ControlPlane.Protocol.LightsailResponse;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>
/// GetBuckets: one bucket by name, or a page of the account's buckets in name order. A page is written from
/// each bucket's JSON as <see cref="BucketJsonCache"/> keeps it, so listing reads only names from the store and
/// neither parses a bucket's stored settings nor serializes it again.
/// </summary>
internal sealed class GetBuckets(IControlPlaneStore store, BucketJsonCache listed)
    : LightsailOperation<GetBucketsRequest, GetBucketsResponse>(LightsailOperations.GetBuckets)
{
    /// <summary>Buckets per page.</summary>
    public const int PageSize = 100;

    protected override async Task<Outcome<GetBucketsResponse>> HandleAsync(GetBucketsRequest request, LightsailRequestContext context)
    {
        var bucket = await store.GetBucketAsync(context.Scope, request.BucketName!, context.CancellationToken);
        return bucket is null
            ? LightsailError.NotFound("bucket", request.BucketName!)
            : new GetBucketsResponse { Buckets = [WireMapping.ToWire(bucket, context.S3Endpoint, context.Now, request.IncludeCors == true)] };
    }

    /// <summary>
    /// A page: the bytes the serializer writes for its <see cref="GetBucketsResponse"/>, with each bucket's
    /// JSON copied in as it is (the answer has no other member).
    /// </summary>
    protected override async Task<LightsailResponse> RespondAsync(GetBucketsRequest request, LightsailRequestContext context)
    {
        if (request.BucketName is not null)
        {
            return await base.RespondAsync(request, context);
        }

        string? after = null;
        if (!string.IsNullOrEmpty(request.PageToken) && !PageTokens.TryDecodeName(request.PageToken, out after))
        {
            return LightsailResponse.Failure(LightsailError.InvalidInput("The pageToken is not one this server issued."));
        }

        var includeCors = request.IncludeCors == true;
        var names = await store.ListBucketNamesAsync(context.Scope, after, PageSize + 1, context.CancellationToken);
        var body = new ArrayBufferWriter<byte>(1024 + (Math.Min(names.Count, PageSize) * 768));
        using (var json = new Utf8JsonWriter(body, new JsonWriterOptions { SkipValidation = true }))
        {
            json.WriteStartObject();
            json.WritePropertyName("buckets"u8);
            json.WriteStartArray();
            foreach (var name in names.Take(PageSize))
            {
                // Null when the bucket was deleted since its name was read: it is no longer listed.
                var bucket = await listed.GetAsync(context.Scope, name, context.S3Endpoint, context.Now, includeCors, context.CancellationToken);
                if (bucket is not null)
                {
                    json.WriteRawValue(bucket, skipInputValidation: true);
                }
            }

            json.WriteEndArray();
            if (names.Count > PageSize)
            {
                json.WriteString("nextPageToken"u8, PageTokens.EncodeName(names[PageSize - 1]));
            }

            json.WriteEndObject();
        }

        return LightsailResponse.Success(body.WrittenSpan.ToArray());
    }
}
