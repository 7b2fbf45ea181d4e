// The floor LocalSail is compared with: the same requests as the bench sends, answered from memory.
// It ignores signatures and stores nothing; whatever LocalSail does beyond this is its own cost.
// Requests are scheduled as LocalSail schedules them by default: inline when the process has one CPU.
if (Environment.ProcessorCount == 1 && Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = Environment.ProcessorCount == 1);
var app = builder.Build();

// The same bytes as the load generator stores (seeded Random, seed = size), so every server sends identical bodies.
var small = CreatePayload(4 * 1024);
var large = CreatePayload(1024 * 1024);
var accessKeys = """{"accessKeys":[{"accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":null,"status":"Active","createdAt":1.7e9,"lastUsed":{"lastUsedDate":1.7e9,"region":"us-east-1","serviceName":"s3"}}]}"""u8.ToArray();
var listBuckets = """<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>"""u8.ToArray();

app.MapPost("/", (HttpContext context) => Results.Bytes(accessKeys, "application/x-amz-json-1.1"));
app.MapGet("/", () => Results.Bytes(listBuckets, "application/xml"));
app.MapGet("/{bucket}/{key}", (string key) => Results.Bytes(key.EndsWith("1m", StringComparison.Ordinal) ? large : small, "application/octet-stream"));
app.MapPut("/{bucket}/{key}", async (HttpContext context) =>
{
    // Read and discard the body: the floor of accepting an upload.
    var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
    try
    {
        while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted) > 0)
        {
        }
    }
    finally
    {
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
    }

    return Results.Ok();
});

app.Run();

static byte[] CreatePayload(int size)
{
    var bytes = new byte[size];
    new Random(size).NextBytes(bytes);
    return bytes;
}
