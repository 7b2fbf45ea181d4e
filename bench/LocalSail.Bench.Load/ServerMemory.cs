using System.Globalization;

namespace LocalSail.Bench.Load;

/// <summary>
/// Resident memory of a server and all its child processes (nginx's worker, a shell's child), read from
/// <c>/proc/PID/status</c>: VmRSS now and VmHWM, the peak since start or since the last <see cref="ResetPeak"/>.
/// </summary>
public static class ServerMemory
{
    public readonly record struct Sample(double RssMib, double PeakMib);

    public static Sample? Read(IReadOnlyList<int> pids)
    {
        if (pids.Count == 0)
        {
            return null;
        }

        long rss = 0, peak = 0;
        foreach (var pid in Tree(pids))
        {
            rss += ReadKib(pid, "VmRSS:");
            peak += ReadKib(pid, "VmHWM:");
        }

        return new Sample(rss / 1024.0, peak / 1024.0);
    }

    /// <summary>CPU time (user + system) the server's processes have used so far, in seconds; null without a pid.</summary>
    public static double? CpuSeconds(IReadOnlyList<int> pids)
    {
        if (pids.Count == 0)
        {
            return null;
        }

        long ticks = 0;
        foreach (var pid in Tree(pids))
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // utime and stime: fields 14 and 15 of stat, 12 and 13 after the command name; in clock ticks (100 a second).
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
            }
        }

        return ticks / 100.0;
    }

    /// <summary>Writing 5 to clear_refs resets VmHWM to the current RSS, so a peak can be taken for one step.</summary>
    public static void ResetPeak(IReadOnlyList<int> pids)
    {
        foreach (var pid in Tree(pids))
        {
            try
            {
                File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            }
            catch (IOException)
            {
                // The process ended or the kernel does not allow it: the peak then covers the whole life.
            }
            catch (UnauthorizedAccessException)
            {
                // Same: not root.
            }
        }
    }

    private static List<int> Tree(IReadOnlyList<int> roots)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // The command name may hold spaces and parentheses: the fields start after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
            }
        }

        var tree = new List<int>();
        var pending = new Queue<int>(roots);
        while (pending.Count > 0 && tree.Count < 10_000)
        {
            var pid = pending.Dequeue();
            if (tree.Contains(pid))
            {
                continue;
            }

            tree.Add(pid);
            foreach (var (child, parent) in parents)
            {
                if (parent == pid)
                {
                    pending.Enqueue(child);
                }
            }
        }

        return tree;
    }

    private static long ReadKib(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
