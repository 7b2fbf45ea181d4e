using System.Diagnostics;
using System.Globalization;

namespace LocalSail.Server.Tests.Reliability.Resources;

/// <summary>
/// A file system of a few megabytes, made for one test, so that a server on it can run out of space:
/// a size-limited tmpfs. As root (CI) it is mounted here; otherwise, or where root may not mount, the
/// server is started in a mount namespace of its own (<c>unshare --user --mount</c>) where it is
/// mounted, and this process sees it through <c>/proc/&lt;pid&gt;/root</c>. Either way the test runs:
/// when neither works the server does not start and the test fails, saying why; there is no silent skip.
/// </summary>
public sealed class SmallFileSystem : IDisposable
{
    private SmallFileSystem(string mountPoint, long size, bool mountedHere)
    {
        MountPoint = mountPoint;
        Size = size;
        MountedHere = mountedHere;
    }

    /// <summary>Where the file system is mounted, as the server sees it.</summary>
    public string MountPoint { get; }

    public long Size { get; }

    /// <summary>True when mounted in this process's namespace (as root); false when only the server's namespace has it.</summary>
    public bool MountedHere { get; }

    /// <summary>The command to start the server through, so that it runs on this file system (none when mounted here).</summary>
    public IReadOnlyList<string>? Launcher => MountedHere
        ? null
        : ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", $"mount -t tmpfs -o size={Size} tmpfs \"$0\" && exec \"$@\"", MountPoint];

    public static async Task<SmallFileSystem> CreateAsync(long size)
    {
        var mountPoint = Path.Combine(Path.GetTempPath(), "localsail-small-fs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mountPoint);
        if (!Environment.IsPrivilegedProcess)
        {
            return new SmallFileSystem(mountPoint, size, mountedHere: false);
        }

        var mounted = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={size.ToString(CultureInfo.InvariantCulture)}", "tmpfs", mountPoint);
        return new SmallFileSystem(mountPoint, size, mountedHere: mounted.ExitCode == 0);
    }

    /// <summary>A path on this file system as this process can reach it, given the server that runs on it.</summary>
    public string Seen(int serverProcessId, string path) => MountedHere ? path : $"/proc/{serverProcessId}/root{path}";

    public void Dispose()
    {
        if (MountedHere)
        {
            RunAsync("umount", "-l", MountPoint).GetAwaiter().GetResult();
        }

        try
        {
            Directory.Delete(MountPoint, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
