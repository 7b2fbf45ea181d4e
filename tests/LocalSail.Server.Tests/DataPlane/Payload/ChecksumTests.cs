using System.Buffers.Binary;
using System.Text;
using LocalSail.Server.DataPlane.Payload;

namespace LocalSail.Server.Tests.DataPlane.Payload;

public sealed class ChecksumTests
{
    private static readonly byte[] Check = Encoding.ASCII.GetBytes("123456789");

    [Fact]
    public void CRC32_matches_the_standard_check_value() => Assert.Equal(0xCBF43926u, Crc32Table.Ieee.Compute(Check));

    [Fact]
    public void CRC32C_matches_the_standard_check_value() => Assert.Equal(0xE3069283u, Crc32Table.Castagnoli.Compute(Check));

    [Fact]
    public void CRC32C_by_table_matches_the_processor()
    {
        var data = new byte[4099];
        new Random(5).NextBytes(data);
        Assert.Equal(0xE3069283u, Crc32Table.CastagnoliByTable.Compute(Check));
        Assert.Equal(Crc32Table.Castagnoli.Compute(data), Crc32Table.CastagnoliByTable.Compute(data));
    }

    [Fact]
    public void CRC64NVME_matches_the_standard_check_value() => Assert.Equal(0xAE8B14860A799888ul, Crc64Nvme.Compute(Check));

    [Theory]
    [InlineData("CRC32")]
    [InlineData("CRC32C")]
    [InlineData("CRC64NVME")]
    [InlineData("SHA1")]
    [InlineData("SHA256")]
    public void Incremental_equals_one_shot_across_odd_splits(string algorithm)
    {
        var data = new byte[10_007];
        new Random(3).NextBytes(data);
        var whole = ChecksumAlgorithms.ComputeBase64(algorithm, data);
        var incremental = ChecksumAlgorithms.Create(algorithm);
        foreach (var size in new[] { 1, 7, 8, 9, 1000, 4096 })
        {
            incremental.Append(data.AsSpan(0, size));
            incremental = ChecksumAlgorithms.Create(algorithm);
        }

        var offset = 0;
        foreach (var size in new[] { 1, 7, 8, 9, 1000, 4096 })
        {
            incremental.Append(data.AsSpan(offset, size));
            offset += size;
        }

        incremental.Append(data.AsSpan(offset));
        Assert.Equal(whole, Convert.ToBase64String(incremental.GetValue()));
    }

    [Fact]
    public void CRC_values_are_big_endian_as_S3_encodes_them()
    {
        var value = Convert.FromBase64String(ChecksumAlgorithms.ComputeBase64("CRC32", Check));
        Assert.Equal(0xCBF43926u, BinaryPrimitives.ReadUInt32BigEndian(value));
    }

    [Fact]
    public void Header_names_map_to_algorithms()
    {
        Assert.Equal("CRC32C", ChecksumAlgorithms.FromHeaderName("x-amz-checksum-crc32c"));
        Assert.Equal("x-amz-checksum-crc64nvme", ChecksumAlgorithms.HeaderName("CRC64NVME"));
        Assert.Null(ChecksumAlgorithms.FromHeaderName("x-amz-checksum-md5"));
    }
}
