using System.Globalization;
using System.Text.RegularExpressions;

namespace LocalSail.Server.Tests.AccessLogs;

/// <summary>
/// A line of an S3 server access log, parsed field by field as S3's documented format has it (and as log tools
/// read it): single spaces between fields, the time in brackets, the request line, referrer and user agent in
/// double quotes, <c>-</c> for an empty field. Parsing fails on anything else.
/// </summary>
public sealed partial class AccessLogLine
{
    public const int FieldCount = 27;

    private static readonly int[] QuotedFields = [8, 15, 16];

    private AccessLogLine(string[] fields) => Fields = fields;

    public IReadOnlyList<string> Fields { get; }

    public string BucketOwner => Fields[0];

    public string Bucket => Fields[1];

    public DateTimeOffset Time => DateTimeOffset.ParseExact(Fields[2], "[dd/MMM/yyyy:HH:mm:ss zzz]", CultureInfo.InvariantCulture);

    public string RemoteIp => Fields[3];

    public string Requester => Fields[4];

    public string RequestId => Fields[5];

    public string Operation => Fields[6];

    public string Key => Fields[7];

    /// <summary>The request line, without its quotes.</summary>
    public string RequestUri => Unquote(Fields[8]);

    public string HttpStatus => Fields[9];

    public string ErrorCode => Fields[10];

    public string BytesSent => Fields[11];

    public string ObjectSize => Fields[12];

    public string TotalTime => Fields[13];

    public string TurnAroundTime => Fields[14];

    public string Referrer => Unquote(Fields[15]);

    public string UserAgent => Unquote(Fields[16]);

    public string VersionId => Fields[17];

    public string HostId => Fields[18];

    public string SignatureVersion => Fields[19];

    public string CipherSuite => Fields[20];

    public string AuthenticationType => Fields[21];

    public string HostHeader => Fields[22];

    public string TlsVersion => Fields[23];

    public string AccessPointArn => Fields[24];

    public string AclRequired => Fields[25];

    public string SourceRegion => Fields[26];

    public static AccessLogLine Parse(string line)
    {
        Assert.DoesNotContain('\n', line);
        var match = LineGrammar().Match(line);
        Assert.True(match.Success, $"not an S3 access log line: {line}");
        var fields = match.Groups["field"].Captures.Select(c => c.Value).ToArray();
        Assert.True(fields.Length >= FieldCount, $"{fields.Length} fields, not {FieldCount}: {line}");
        Assert.Matches(@"^\[\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000\]$", fields[2]);
        for (var i = 0; i < fields.Length; i++)
        {
            if (i == 2)
            {
                continue;
            }

            var quoted = fields[i].StartsWith('"');
            Assert.True(quoted == QuotedFields.Contains(i), $"field {i} ({fields[i]}) is {(quoted ? "" : "not ")}quoted: {line}");
        }

        foreach (var number in new[] { 9, 11, 12, 13, 14 })
        {
            Assert.Matches(@"^(-|\d+)$", fields[number]);
        }

        return new AccessLogLine(fields);
    }

    private static string Unquote(string field) => field[1..^1];

    [GeneratedRegex("""^(?:(?<field>\[[^\]]*\]|"[^"]*"|[^\s"\[]+)(?: |$))+$""")]
    private static partial Regex LineGrammar();
}
