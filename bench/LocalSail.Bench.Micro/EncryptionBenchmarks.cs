using BenchmarkDotNet.Attributes;
using LocalSail.Server.Objects.Encryption;
using LocalSail.Server.Storage;

namespace LocalSail.Bench.Micro;

/// <summary>
/// What encryption at rest adds to a PUT and a GET of 4 KiB (an object kept inline: one segment in memory) and of
/// 1 MiB (a blob: streamed in 64 KiB chunks): a new data key and its wrapping on a write, its unwrapping on a read,
/// and AES-GCM over the bytes. The plain copy is the baseline a request without encryption does anyway.
/// </summary>
[MemoryDiagnoser]
public class EncryptionBenchmarks
{
    private readonly SecretProtector _root = SecretProtector.Ephemeral();
    private ObjectKeyring _keyring = null!;
    private byte[] _plaintext = [];
    private byte[] _stored = [];
    private byte[] _destination = [];
    private ObjectEncryption _encryption = null!;

    [Params(4 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _keyring = new ObjectKeyring(_root);
        _plaintext = new byte[Size];
        new Random(1).NextBytes(_plaintext);
        _destination = new byte[Size];
        DataKey key;
        (_encryption, key) = _keyring.Create(null);
        _stored = SegmentFormat.EncryptSegment(key, _plaintext);
    }

    [GlobalCleanup]
    public void Cleanup() => _root.Dispose();

    [Benchmark(Baseline = true, Description = "copy the bytes (no encryption)")]
    public void Copy() => _plaintext.CopyTo(_destination, 0);

    [Benchmark(Description = "PUT: new data key, wrapped, bytes encrypted")]
    public async Task Encrypt()
    {
        var (_, key) = _keyring.Create(null);
        if (Size <= 64 * 1024)
        {
            SegmentFormat.EncryptSegment(key, _plaintext);
            return;
        }

        await using var stream = new EncryptingStream(Stream.Null, key);
        for (var offset = 0; offset < Size; offset += 64 * 1024)
        {
            await stream.WriteAsync(_plaintext.AsMemory(offset, 64 * 1024));
        }

        await stream.FinishAsync(CancellationToken.None);
    }

    [Benchmark(Description = "GET: data key unwrapped, bytes decrypted")]
    public async Task Decrypt()
    {
        var key = _keyring.Open(_encryption, null);
        if (Size <= 64 * 1024)
        {
            SegmentFormat.DecryptRange(key, _stored, Size, 0, Size);
            return;
        }

        await using var stream = new DecryptingStream(
            (o, l, _) => new ValueTask<Stream?>(new MemoryStream(_stored, (int)o, (int)l, writable: false)), [Size], key, 0, Size);
        var offset = 0;
        while (offset < Size)
        {
            offset += await stream.ReadAsync(_destination.AsMemory(offset, Math.Min(256 * 1024, Size - offset)));
        }
    }
}
