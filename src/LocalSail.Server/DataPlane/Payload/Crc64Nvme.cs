namespace LocalSail.Server.DataPlane.Payload;

/// <summary>CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5), table-driven.</summary>
internal static class Crc64Nvme
{
    private static readonly ulong[] Table = BuildTable();

    public static ulong Update(ulong crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = (crc >> 8) ^ Table[(crc ^ b) & 0xFF];
        }

        return crc;
    }

    public static ulong Compute(ReadOnlySpan<byte> data) => ~Update(~0ul, data);

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (ulong i = 0; i < 256; i++)
        {
            var crc = i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x9A6C9329AC4BC9B5ul : crc >> 1;
            }

            table[i] = crc;
        }

        return table;
    }
}
