namespace LocalSail.Server.DataPlane.Payload;

/// <summary>A reflected CRC-32 (slicing by 8) for a given polynomial: CRC-32 (IEEE) and CRC-32C (Castagnoli).</summary>
internal sealed class Crc32Table
{
    public static readonly Crc32Table Ieee = new(0xEDB88320u);
    public static readonly Crc32Table Castagnoli = new(0x82F63B78u);

    /// <summary>CRC-32C by table even where the processor computes it (to test the portable path).</summary>
    internal static readonly Crc32Table CastagnoliByTable = new(0x82F63B78u, allowHardware: false);

    private readonly uint[] _table = new uint[8 * 256];
    private readonly bool _hardware;

    private Crc32Table(uint reflectedPolynomial, bool allowHardware = true)
    {
        // x86's CRC32 instruction computes CRC-32C.
        _hardware = allowHardware && reflectedPolynomial == 0x82F63B78u && System.Runtime.Intrinsics.X86.Sse42.X64.IsSupported;
        for (uint i = 0; i < 256; i++)
        {
            var crc = i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ reflectedPolynomial : crc >> 1;
            }

            _table[i] = crc;
        }

        for (var i = 0; i < 256; i++)
        {
            for (var slice = 1; slice < 8; slice++)
            {
                var previous = _table[((slice - 1) * 256) + i];
                _table[(slice * 256) + i] = (previous >> 8) ^ _table[previous & 0xFF];
            }
        }
    }

    /// <summary>Continues <paramref name="crc"/> (the register, before the final inversion) over <paramref name="data"/>.</summary>
    public uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        if (_hardware)
        {
            return UpdateWithSse42(crc, data);
        }

        var t = _table;
        while (data.Length >= 8)
        {
            var low = crc ^ (uint)(data[0] | (data[1] << 8) | (data[2] << 16) | (data[3] << 24));
            crc = t[(7 * 256) + (low & 0xFF)] ^ t[(6 * 256) + ((low >> 8) & 0xFF)] ^ t[(5 * 256) + ((low >> 16) & 0xFF)] ^ t[(4 * 256) + (low >> 24)]
                ^ t[(3 * 256) + data[4]] ^ t[(2 * 256) + data[5]] ^ t[256 + data[6]] ^ t[data[7]];
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = (crc >> 8) ^ t[(crc ^ b) & 0xFF];
        }

        return crc;
    }

    public uint Compute(ReadOnlySpan<byte> data) => ~Update(~0u, data);

    private static uint UpdateWithSse42(uint crc, ReadOnlySpan<byte> data)
    {
        ulong wide = crc;
        while (data.Length >= 8)
        {
            wide = System.Runtime.Intrinsics.X86.Sse42.X64.Crc32(wide, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        crc = (uint)wide;
        foreach (var b in data)
        {
            crc = System.Runtime.Intrinsics.X86.Sse42.Crc32(crc, b);
        }

        return crc;
    }
}
