namespace LocalSail.Server.DataPlane.Payload;

/// <summary>A reflected CRC-32 (slicing by 8) for a given polynomial: CRC-32 (IEEE) and CRC-32C (Castagnoli).</summary>
public sealed class Crc32Table
{
    public static readonly Crc32Table Ieee = new(0xEDB88320u);
    public static readonly Crc32Table Castagnoli = new(0x82F63B78u);

    private readonly uint[] _table = new uint[8 * 256];

    private Crc32Table(uint reflectedPolynomial)
    {
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
}
