using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LocalSail.Server.DataPlane.Payload;

/// <summary>The additional checksums S3 accepts: the name, its header and an incremental hasher.</summary>
internal static class ChecksumAlgorithms
{
    public static readonly string[] All = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

    /// <summary>The upper-case algorithm name, or null when it is not one S3 knows.</summary>
    public static string? Normalize(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        foreach (var algorithm in All)
        {
            if (algorithm.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return algorithm;
            }
        }

        return null;
    }

    public static string HeaderName(string algorithm) => "x-amz-checksum-" + algorithm.ToLowerInvariant();

    /// <summary>The algorithm named by an <c>x-amz-checksum-*</c> header name, or null.</summary>
    public static string? FromHeaderName(string headerName) =>
        headerName.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase) ? Normalize(headerName["x-amz-checksum-".Length..]) : null;

    public static Checksum Create(string algorithm) => algorithm switch
    {
        "CRC32" => new CrcChecksum(Crc32Table.Ieee),
        "CRC32C" => new CrcChecksum(Crc32Table.Castagnoli),
        "CRC64NVME" => new Crc64Checksum(),
        "SHA1" => new HashChecksum(HashAlgorithmName.SHA1),
        "SHA256" => new HashChecksum(HashAlgorithmName.SHA256),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown checksum algorithm."),
    };

    /// <summary>Base64 of the checksum of <paramref name="data"/>.</summary>
    public static string ComputeBase64(string algorithm, ReadOnlySpan<byte> data)
    {
        var checksum = Create(algorithm);
        checksum.Append(data);
        return Convert.ToBase64String(checksum.GetValue());
    }
}

/// <summary>An incremental checksum.</summary>
internal abstract class Checksum
{
    public abstract void Append(ReadOnlySpan<byte> data);

    /// <summary>The checksum bytes (big-endian for CRCs, as S3 encodes them).</summary>
    public abstract byte[] GetValue();
}

internal sealed class CrcChecksum(Crc32Table table) : Checksum
{
    private uint _crc = ~0u;

    public override void Append(ReadOnlySpan<byte> data) => _crc = table.Update(_crc, data);

    public override byte[] GetValue()
    {
        var value = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, ~_crc);
        return value;
    }
}

internal sealed class Crc64Checksum : Checksum
{
    private ulong _crc = ~0ul;

    public override void Append(ReadOnlySpan<byte> data) => _crc = Crc64Nvme.Update(_crc, data);

    public override byte[] GetValue()
    {
        var value = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(value, ~_crc);
        return value;
    }
}

internal sealed class HashChecksum(HashAlgorithmName name) : Checksum
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(name);

    public override void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

    public override byte[] GetValue() => _hash.GetHashAndReset();
}
