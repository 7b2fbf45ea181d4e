using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;

namespace LocalSail.ModelGenerator;

/// <summary>The Lightsail model of the installed botocore: its service model and its paginators.</summary>
internal sealed class Botocore : IDisposable
{
    private const string ModelPath = "lightsail/2016-11-28";

    private Botocore(JsonDocument service, JsonDocument? paginators)
    {
        Service = service;
        Paginators = paginators;
    }

    public JsonDocument Service { get; }

    public JsonDocument? Paginators { get; }

    /// <summary>The model in a botocore data directory (<c>botocore/data</c>), or in the installed botocore's when null.</summary>
    public static Botocore Load(string? dataDirectory = null)
    {
        var directory = Path.Combine(dataDirectory ?? InstalledDataDirectory(), ModelPath);
        var service = Read(directory, "service-2.json") ?? throw new GeneratorException($"There is no service-2.json in {directory}.");
        return new Botocore(service, Read(directory, "paginators-1.json"));
    }

    public void Dispose()
    {
        Service.Dispose();
        Paginators?.Dispose();
    }

    /// <summary>The data directory of the botocore that python3 imports (the one boto3 and the AWS CLI use).</summary>
    public static string InstalledDataDirectory()
    {
        var start = new ProcessStartInfo("python3", ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new GeneratorException("python3 did not start.");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? Path.Combine(output.Trim(), "data")
            : throw new GeneratorException("botocore is not installed for python3 (pip install botocore, or apt-get install python3-botocore): " + error.Trim());
    }

    // botocore ships its data gzipped (service-2.json.gz), older releases as plain JSON.
    private static JsonDocument? Read(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        if (File.Exists(path + ".gz"))
        {
            using var file = File.OpenRead(path + ".gz");
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            return JsonDocument.Parse(gzip);
        }

        if (File.Exists(path))
        {
            using var file = File.OpenRead(path);
            return JsonDocument.Parse(file);
        }

        return null;
    }
}
