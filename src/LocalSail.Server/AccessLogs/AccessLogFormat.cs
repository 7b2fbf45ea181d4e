using System.Globalization;
using System.Text;
using LocalSail.Server.DataPlane;
using LocalSail.Signing;

namespace LocalSail.Server.AccessLogs;

/// <summary>
/// S3's server access log format: one line per request, fields separated by one space, <c>-</c> for an empty
/// field, the time in brackets (<c>[06/Feb/2019:00:00:38 +0000]</c>), and the request line, referrer and user
/// agent in double quotes. A character that would end a field early (a space, a quote, a control character)
/// is percent-encoded, so that every line parses into the same fields.
/// </summary>
internal static class AccessLogFormat
{
    /// <summary>The record as one log line, without its line feed.</summary>
    public static string Line(AccessLogRecord record)
    {
        var line = new StringBuilder(384);
        Bare(line, record.BucketOwner);
        Bare(line, record.Bucket);
        line.Append('[').Append(record.Time.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)).Append(" +0000] ");
        Bare(line, record.RemoteIp);
        Bare(line, record.Requester);
        Bare(line, record.RequestId);
        Bare(line, record.Operation);
        Bare(line, record.Key is null ? null : UriEncoding.Encode(record.Key, encodeSlash: false));
        Quoted(line, record.RequestUri);
        Number(line, record.HttpStatus);
        Bare(line, record.ErrorCode);
        Number(line, record.BytesSent is 0 ? null : record.BytesSent);
        Number(line, record.ObjectSize);
        Number(line, record.TotalTimeMs);
        Number(line, record.TurnAroundTimeMs);
        Quoted(line, record.Referrer);
        Quoted(line, record.UserAgent);
        Bare(line, record.VersionId);
        Bare(line, record.HostId);
        Bare(line, record.SignatureVersion);
        Bare(line, record.CipherSuite);
        Bare(line, record.AuthenticationType);
        Bare(line, record.HostHeader);
        Bare(line, record.TlsVersion);
        Bare(line, record.AccessPointArn);
        Bare(line, record.AclRequired);
        Bare(line, record.SourceRegion);
        line.Length--;
        return line.ToString();
    }

    /// <summary>
    /// S3's name of an operation in the log: <c>REST.</c>, the HTTP method (<c>COPY</c> for a copy) and the
    /// resource type.
    /// </summary>
    public static string OperationName(S3Operation operation, string method, bool namesKey) => operation switch
    {
        S3Operation.ListObjects or S3Operation.ListObjectsV2 => "REST.GET.BUCKET",
        S3Operation.ListObjectVersions => "REST.GET.BUCKETVERSIONS",
        S3Operation.ListMultipartUploads => "REST.GET.UPLOADS",
        S3Operation.HeadBucket => "REST.HEAD.BUCKET",
        S3Operation.CreateBucket => "REST.PUT.BUCKET",
        S3Operation.DeleteBucket => "REST.DELETE.BUCKET",
        S3Operation.GetBucketLocation => "REST.GET.LOCATION",
        S3Operation.GetBucketVersioning => "REST.GET.VERSIONING",
        S3Operation.ListBuckets => "REST.GET.SERVICE",
        S3Operation.DeleteObjects => "REST.POST.MULTI_OBJECT_DELETE",
        S3Operation.PutObject => "REST.PUT.OBJECT",
        S3Operation.CopyObject => "REST.COPY.OBJECT",
        S3Operation.GetObject => "REST.GET.OBJECT",
        S3Operation.HeadObject => "REST.HEAD.OBJECT",
        S3Operation.DeleteObject => "REST.DELETE.OBJECT",
        S3Operation.CreateMultipartUpload => "REST.POST.UPLOADS",
        S3Operation.UploadPart => "REST.PUT.PART",
        S3Operation.UploadPartCopy => "REST.COPY.PART",
        S3Operation.CompleteMultipartUpload => "REST.POST.UPLOAD",
        S3Operation.AbortMultipartUpload => "REST.DELETE.UPLOAD",
        S3Operation.ListParts => "REST.GET.UPLOAD",
        S3Operation.GetObjectTagging => "REST.GET.OBJECT_TAGGING",
        S3Operation.PutObjectTagging => "REST.PUT.OBJECT_TAGGING",
        S3Operation.DeleteObjectTagging => "REST.DELETE.OBJECT_TAGGING",
        S3Operation.GetObjectAcl => "REST.GET.ACL",
        S3Operation.PutObjectAcl => "REST.PUT.ACL",
        _ => "REST." + method.ToUpperInvariant() + (namesKey ? ".OBJECT" : ".BUCKET"),
    };

    private static void Bare(StringBuilder line, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            line.Append("- ");
            return;
        }

        foreach (var c in value)
        {
            if (c <= ' ' || c == '"' || c == 0x7F)
            {
                Escape(line, c);
            }
            else
            {
                line.Append(c);
            }
        }

        line.Append(' ');
    }

    private static void Quoted(StringBuilder line, string? value)
    {
        line.Append('"');
        if (string.IsNullOrEmpty(value))
        {
            line.Append('-');
        }
        else
        {
            foreach (var c in value)
            {
                if (c < ' ' || c == '"' || c == 0x7F)
                {
                    Escape(line, c);
                }
                else
                {
                    line.Append(c);
                }
            }
        }

        line.Append("\" ");
    }

    private static void Number(StringBuilder line, long? value)
    {
        if (value is { } number)
        {
            line.Append(number.ToString(CultureInfo.InvariantCulture)).Append(' ');
        }
        else
        {
            line.Append("- ");
        }
    }

    private static void Escape(StringBuilder line, char c) => line.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
}
