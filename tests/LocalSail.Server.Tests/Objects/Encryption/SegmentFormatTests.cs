using System.Security.Cryptography;
using LocalSail.Server.Objects.Encryption;
using Xunit.Abstractions;

namespace LocalSail.Server.Tests.Objects.Encryption;

/// <summary>
/// The encrypted format alone: segments written by <see cref="EncryptingStream"/> read back whole and by range through
/// <see cref="DecryptingStream"/>, one segment or several one after another (a multipart object); and every alteration
/// of the stored bytes (a flipped bit, a chunk dropped, chunks swapped, a cut at a chunk's end, another key) is
/// refused rather than read.
/// </summary>
public sealed class SegmentFormatTests(ITestOutputHelper output)
{
    private const int Chunk = SegmentFormat.ChunkSize;
    private readonly DataKey _key = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static byte[] Plaintext(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static async Task<byte[]> EncryptAsync(DataKey key, byte[] plaintext, int writeSize = 8000)
    {
        using var stored = new MemoryStream();
        await using (var encrypting = new EncryptingStream(stored, key))
        {
            for (var offset = 0; offset < plaintext.Length; offset += writeSize)
            {
                await encrypting.WriteAsync(plaintext.AsMemory(offset, Math.Min(writeSize, plaintext.Length - offset)));
            }

            await encrypting.FinishAsync(CancellationToken.None);
        }

        return stored.ToArray();
    }

    private static async Task<byte[]> DecryptAsync(DataKey key, byte[] stored, IReadOnlyList<long> segments, long offset, long length, int readSize = 100_000)
    {
        await using var decrypting = new DecryptingStream(
            (o, l, _) =>
            {
                return new ValueTask<Stream?>(new MemoryStream(stored, (int)o, (int)Math.Min(l, stored.Length - o), writable: false));
            },
            segments, key, offset, length);
        using var result = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = await decrypting.ReadAsync(buffer)) > 0)
        {
            result.Write(buffer, 0, read);
        }

        return result.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData((3 * Chunk) + 5)]
    public async Task A_segment_round_trips_and_hides_its_plaintext(int length)
    {
        var plaintext = Plaintext(length, length);
        var stored = await EncryptAsync(_key, plaintext);

        Assert.Equal(SegmentFormat.StoredLength(length), stored.Length);
        Assert.Equal(plaintext, await DecryptAsync(_key, stored, [length], 0, length));
        Assert.Equal(plaintext, SegmentFormat.DecryptRange(_key, SegmentFormat.EncryptSegment(_key, plaintext), length, 0, length));
        if (length >= 16)
        {
            Assert.False(stored.AsSpan().IndexOf(plaintext.AsSpan(0, 16)) >= 0, "the stored bytes contain the plaintext");
        }
    }

    [Theory]
    [InlineData(4 * Chunk, 4 * Chunk, 4 * Chunk)]
    [InlineData(4 * Chunk, Chunk, 256 * 1024)]
    [InlineData((5 * Chunk) + 3, 256 * 1024, (4 * Chunk) + 1)]
    [InlineData((9 * Chunk) - 1, (2 * Chunk) + 1, 3 * Chunk)]
    [InlineData(Chunk, 2 * Chunk, Chunk - 1)]
    public async Task Writes_and_reads_of_whole_chunks_at_a_time_round_trip(int length, int writeSize, int readSize)
    {
        var plaintext = Plaintext(length, length);
        var stored = await EncryptAsync(_key, plaintext, writeSize);

        Assert.Equal(SegmentFormat.StoredLength(length), stored.Length);
        Assert.Equal(plaintext, await DecryptAsync(_key, stored, [length], 0, length, readSize));
        Assert.Equal(plaintext.AsSpan(Chunk - 7).ToArray(), await DecryptAsync(_key, stored, [length], Chunk - 7, length - Chunk + 7, readSize));
    }

    [Fact]
    public async Task Encrypted_chunks_reach_the_store_a_quarter_MiB_at_a_time()
    {
        var plaintext = Plaintext(1024 * 1024, 1);
        var destination = new WriteCountingStream();
        await using (var encrypting = new EncryptingStream(destination, _key))
        {
            for (var offset = 0; offset < plaintext.Length; offset += 256 * 1024)
            {
                await encrypting.WriteAsync(plaintext.AsMemory(offset, 256 * 1024));
            }

            await encrypting.FinishAsync(CancellationToken.None);
        }

        // 16 chunks, four per write; the header goes with the first.
        Assert.Equal(4, destination.Writes);
        Assert.Equal(SegmentFormat.StoredLength(plaintext.Length), destination.Length);
    }

    private sealed class WriteCountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }
    }

    [Fact]
    public async Task Ranges_of_one_segment_and_of_several_read_only_what_they_cover()
    {
        const int seed = 20261130;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        long[] segments = [(2 * Chunk) + 77, 0, 5, Chunk, (3 * Chunk) - 1];
        var plaintexts = segments.Select((length, i) => Plaintext((int)length, i)).ToArray();
        var stored = new List<byte>();
        foreach (var plaintext in plaintexts)
        {
            stored.AddRange(await EncryptAsync(_key, plaintext, writeSize: 1 + random.Next(Chunk * 2)));
        }

        var all = plaintexts.SelectMany(p => p).ToArray();
        var bytes = stored.ToArray();
        Assert.Equal(SegmentFormat.StoredLength(segments), bytes.Length);
        for (var i = 0; i < 200; i++)
        {
            var offset = random.Next(all.Length);
            var length = random.Next(all.Length - offset + 1);
            var readSize = 1 + random.Next(3 * Chunk);
            Assert.Equal(all.AsSpan(offset, length).ToArray(), await DecryptAsync(_key, bytes, segments, offset, length, readSize));
        }

        var single = await EncryptAsync(_key, plaintexts[0]);
        for (var i = 0; i < 50; i++)
        {
            var offset = random.Next(plaintexts[0].Length);
            var length = random.Next(plaintexts[0].Length - offset + 1);
            Assert.Equal(plaintexts[0].AsSpan(offset, length).ToArray(), SegmentFormat.DecryptRange(_key, SegmentFormat.EncryptSegment(_key, plaintexts[0]), plaintexts[0].Length, offset, length));
            Assert.Equal(plaintexts[0].AsSpan(offset, length).ToArray(), await DecryptAsync(_key, single, [plaintexts[0].Length], offset, length));
        }
    }

    [Fact]
    public async Task A_flipped_bit_anywhere_is_refused()
    {
        var plaintext = Plaintext((2 * Chunk) + 10, 3);
        var stored = await EncryptAsync(_key, plaintext);
        foreach (var position in new[] { 0, 5, SegmentFormat.HeaderSize, SegmentFormat.HeaderSize + Chunk + 3, SegmentFormat.HeaderSize + SegmentFormat.StoredChunkSize + 1, stored.Length - 1 })
        {
            var tampered = (byte[])stored.Clone();
            tampered[position] ^= 0x01;
            await Assert.ThrowsAnyAsync<CryptographicException>(() => DecryptAsync(_key, tampered, [plaintext.Length], 0, plaintext.Length));
        }
    }

    [Fact]
    public async Task Swapped_chunks_a_dropped_chunk_and_a_cut_at_a_chunks_end_are_refused()
    {
        var plaintext = Plaintext(3 * Chunk, 4);
        var stored = await EncryptAsync(_key, plaintext);
        var header = stored.AsSpan(0, SegmentFormat.HeaderSize).ToArray();
        byte[][] chunks = [.. Enumerable.Range(0, 3).Select(i => stored.AsSpan(SegmentFormat.HeaderSize + (i * SegmentFormat.StoredChunkSize), SegmentFormat.StoredChunkSize).ToArray())];

        var swapped = header.Concat(chunks[1]).Concat(chunks[0]).Concat(chunks[2]).ToArray();
        await Assert.ThrowsAnyAsync<CryptographicException>(() => DecryptAsync(_key, swapped, [plaintext.Length], 0, plaintext.Length));

        // The last chunk in place of the second: its final flag gives it away even where its index would not.
        var dropped = header.Concat(chunks[0]).Concat(chunks[2]).ToArray();
        await Assert.ThrowsAnyAsync<CryptographicException>(() => DecryptAsync(_key, dropped, [2L * Chunk], 0, 2L * Chunk));

        // Cut after the second chunk and read as if it were the whole: the second chunk is not final.
        var cut = header.Concat(chunks[0]).Concat(chunks[1]).ToArray();
        await Assert.ThrowsAnyAsync<CryptographicException>(() => DecryptAsync(_key, cut, [2L * Chunk], 0, 2L * Chunk));

        // Cut short of what the object's size says: the read ends with an error, not with fewer bytes.
        await Assert.ThrowsAsync<EndOfStreamException>(() => DecryptAsync(_key, cut, [plaintext.Length], 0, plaintext.Length));
    }

    [Fact]
    public async Task Another_key_reads_nothing()
    {
        var plaintext = Plaintext(1000, 5);
        var stored = await EncryptAsync(_key, plaintext);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => DecryptAsync(DataKey.Generate(), stored, [plaintext.Length], 0, plaintext.Length));
        Assert.ThrowsAny<CryptographicException>(() => SegmentFormat.DecryptRange(DataKey.Generate(), SegmentFormat.EncryptSegment(_key, plaintext), plaintext.Length, 0, 10));
    }

    [Fact]
    public async Task Two_encryptions_of_the_same_bytes_differ()
    {
        var plaintext = Plaintext(100, 6);
        Assert.NotEqual(await EncryptAsync(_key, plaintext), await EncryptAsync(_key, plaintext));
    }
}
