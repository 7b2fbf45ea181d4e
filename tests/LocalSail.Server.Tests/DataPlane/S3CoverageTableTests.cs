using LocalSail.Server.DataPlane;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace LocalSail.Server.Tests.DataPlane;

/// <summary>
/// The README's S3 coverage table says what the endpoint does: each row's request is classified as the table says,
/// and every operation the classifier can produce has its row.
/// </summary>
public sealed class S3CoverageTableTests
{
    private const string Heading = "## S3 coverage";

    // Operations that are refused with a Lightsail reason rather than served.
    private static readonly S3Operation[] Refused = [S3Operation.CreateBucket, S3Operation.DeleteBucket];

    [Fact]
    public void Every_rows_request_is_classified_as_the_row_says()
    {
        var rows = CoverageRows();
        Assert.True(rows.Count > 100, $"The table has {rows.Count} rows; S3 has more than 100 operations.");
        foreach (var row in rows)
        {
            var classified = Classify(row.Request);
            switch (row.Status)
            {
                case "served":
                    Assert.True(classified.ToString() == row.Operation && !Refused.Contains(classified), $"{row.Operation} is served, but its request is {classified}.");
                    break;
                case "refused":
                    Assert.True(classified.ToString() == row.Operation && Refused.Contains(classified), $"{row.Operation} is refused, but its request is {classified}.");
                    break;
                case "NotImplemented":
                    Assert.True(classified == S3Operation.NotImplemented, $"{row.Operation} is said NotImplemented, but its request is {classified}.");
                    break;
                default:
                    Assert.True(row.Status.StartsWith("answered as ", StringComparison.Ordinal), $"{row.Operation}: unknown status '{row.Status}'.");
                    Assert.Equal(row.Status["answered as ".Length..], classified.ToString());
                    break;
            }
        }
    }

    [Fact]
    public void Every_operation_the_endpoint_tells_apart_has_its_row()
    {
        var rows = CoverageRows();
        foreach (var operation in Enum.GetValues<S3Operation>().Except([S3Operation.NotImplemented, S3Operation.MethodNotAllowed]))
        {
            var row = rows.SingleOrDefault(r => r.Operation == operation.ToString());
            Assert.True(row is not null, $"{operation} has no row in the README's S3 coverage table.");
            Assert.Equal(Refused.Contains(operation) ? "refused" : "served", row.Status);
        }
    }

    private static S3Operation Classify(string request)
    {
        // "METHOD /path?query", optionally followed by "+ x-amz-copy-source".
        var copySource = request.EndsWith("+ x-amz-copy-source", StringComparison.Ordinal);
        var parts = request.Split(' ', 3);
        var target = parts[1];
        var question = target.IndexOf('?');
        var path = question < 0 ? target : target[..question];
        var query = new QueryCollection(QueryHelpers.ParseQuery(question < 0 ? string.Empty : target[question..]));
        return S3RequestClassifier.Classify(parts[0], "127.0.0.1:4570", path, query, copySource, "s3.localhost.localsail.dev").Operation;
    }

    private static List<CoverageRow> CoverageRows()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var start = Array.IndexOf(readme, Heading);
        Assert.True(start >= 0, "The README has no '" + Heading + "' section.");
        var rows = new List<CoverageRow>();
        for (var i = start + 1; i < readme.Length && !readme[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            var cells = readme[i].Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length < 6 || !cells[2].StartsWith('`') || cells[1] == "S3 operation")
            {
                continue;
            }

            rows.Add(new CoverageRow(cells[1].Split(' ')[0], cells[2].Trim('`'), cells[3]));
        }

        return rows;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LocalSail.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository's root was not found above " + AppContext.BaseDirectory);
    }

    private sealed record CoverageRow(string Operation, string Request, string Status);
}
