using LocalSail.Server.AccessLogs;
using LocalSail.Server.DataPlane;

namespace LocalSail.Server.Tests.AccessLogs;

public sealed class AccessLogFormatTests
{
    private static readonly AccessLogRecord Full = new()
    {
        BucketOwner = "111122223333",
        Bucket = "photos",
        Time = new DateTimeOffset(2019, 2, 6, 0, 0, 38, TimeSpan.Zero),
        RemoteIp = "192.0.2.3",
        Requester = "arn:aws:iam::111122223333:user/AKIAEXAMPLE",
        RequestId = "3E57427F3EXAMPLE",
        Operation = "REST.GET.OBJECT",
        Key = "2019/cat photo+1.jpg",
        RequestUri = "GET /photos/2019/cat%20photo%2B1.jpg?versionId=3 HTTP/1.1",
        HttpStatus = 206,
        ErrorCode = null,
        BytesSent = 1024,
        ObjectSize = 4096,
        TotalTimeMs = 7,
        TurnAroundTimeMs = 3,
        Referrer = "https://example.com/",
        UserAgent = "aws-sdk-dotnet/4.0 md/x",
        VersionId = "3",
        HostId = "3E57427F3EXAMPLE",
        SignatureVersion = "SigV4",
        AuthenticationType = "AuthHeader",
        HostHeader = "127.0.0.1:4570",
    };

    [Fact]
    public void Each_field_is_in_S3s_order_and_form()
    {
        var line = AccessLogFormat.Line(Full);
        Assert.Equal(
            "111122223333 photos [06/Feb/2019:00:00:38 +0000] 192.0.2.3 arn:aws:iam::111122223333:user/AKIAEXAMPLE 3E57427F3EXAMPLE " +
            "REST.GET.OBJECT 2019/cat%20photo%2B1.jpg \"GET /photos/2019/cat%20photo%2B1.jpg?versionId=3 HTTP/1.1\" 206 - 1024 4096 7 3 " +
            "\"https://example.com/\" \"aws-sdk-dotnet/4.0 md/x\" 3 3E57427F3EXAMPLE SigV4 - AuthHeader 127.0.0.1:4570 - - - -",
            line);

        var parsed = AccessLogLine.Parse(line);
        Assert.Equal(AccessLogLine.FieldCount, parsed.Fields.Count);
        Assert.Equal(("111122223333", "photos", Full.Time), (parsed.BucketOwner, parsed.Bucket, parsed.Time));
        Assert.Equal(("192.0.2.3", Full.Requester, "3E57427F3EXAMPLE"), (parsed.RemoteIp, parsed.Requester, parsed.RequestId));
        Assert.Equal(("REST.GET.OBJECT", "2019/cat%20photo%2B1.jpg", Full.RequestUri), (parsed.Operation, parsed.Key, parsed.RequestUri));
        Assert.Equal(("206", "-", "1024", "4096", "7", "3"), (parsed.HttpStatus, parsed.ErrorCode, parsed.BytesSent, parsed.ObjectSize, parsed.TotalTime, parsed.TurnAroundTime));
        Assert.Equal(("https://example.com/", "aws-sdk-dotnet/4.0 md/x", "3"), (parsed.Referrer, parsed.UserAgent, parsed.VersionId));
        Assert.Equal(("SigV4", "-", "AuthHeader", "127.0.0.1:4570"), (parsed.SignatureVersion, parsed.CipherSuite, parsed.AuthenticationType, parsed.HostHeader));
        Assert.Equal(("-", "-", "-", "-"), (parsed.TlsVersion, parsed.AccessPointArn, parsed.AclRequired, parsed.SourceRegion));
    }

    [Fact]
    public void Empty_fields_are_a_dash_and_zero_bytes_sent_is_a_dash()
    {
        var line = AccessLogFormat.Line(new AccessLogRecord
        {
            BucketOwner = "111122223333",
            Bucket = "photos",
            Time = new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.FromHours(2)),
            RequestId = "1",
            Operation = "REST.HEAD.BUCKET",
            HttpStatus = 404,
            ErrorCode = "NoSuchKey",
            BytesSent = 0,
            UserAgent = string.Empty,
        });

        var parsed = AccessLogLine.Parse(line);
        Assert.Equal("[30/Nov/2026:21:59:59 +0000]", parsed.Fields[2]);
        Assert.Equal(("-", "-", "-"), (parsed.RemoteIp, parsed.Requester, parsed.Key));
        Assert.Equal(("-", "404", "NoSuchKey", "-", "-"), (parsed.RequestUri, parsed.HttpStatus, parsed.ErrorCode, parsed.BytesSent, parsed.ObjectSize));
        Assert.Equal(("-", "-"), (parsed.Referrer, parsed.UserAgent));
        Assert.All(parsed.Fields.Skip(17), field => Assert.Equal("-", field));
    }

    [Fact]
    public void Quotes_spaces_and_line_breaks_a_client_sends_cannot_break_a_line_into_other_fields()
    {
        var line = AccessLogFormat.Line(Full with
        {
            UserAgent = "evil\" 200 - \"x\nnext line",
            Referrer = "a\tb",
            HostHeader = "host name\"",
            Key = "line\nbreak \"quoted\"",
        });

        var parsed = AccessLogLine.Parse(line);
        Assert.Equal(AccessLogLine.FieldCount, parsed.Fields.Count);
        Assert.Equal("evil%22 200 - %22x%0Anext line", parsed.UserAgent);
        Assert.Equal("a%09b", parsed.Referrer);
        Assert.Equal("host%20name%22", parsed.HostHeader);
        Assert.Equal("line%0Abreak%20%22quoted%22", parsed.Key);
        Assert.Equal("206", parsed.HttpStatus);
    }

    [Theory]
    [InlineData(nameof(S3Operation.GetObject), "GET", "REST.GET.OBJECT")]
    [InlineData(nameof(S3Operation.PutObject), "PUT", "REST.PUT.OBJECT")]
    [InlineData(nameof(S3Operation.DeleteObject), "DELETE", "REST.DELETE.OBJECT")]
    [InlineData(nameof(S3Operation.HeadObject), "HEAD", "REST.HEAD.OBJECT")]
    [InlineData(nameof(S3Operation.ListObjectsV2), "GET", "REST.GET.BUCKET")]
    [InlineData(nameof(S3Operation.ListObjectVersions), "GET", "REST.GET.BUCKETVERSIONS")]
    [InlineData(nameof(S3Operation.CopyObject), "PUT", "REST.COPY.OBJECT")]
    [InlineData(nameof(S3Operation.UploadPart), "PUT", "REST.PUT.PART")]
    [InlineData(nameof(S3Operation.CompleteMultipartUpload), "POST", "REST.POST.UPLOAD")]
    [InlineData(nameof(S3Operation.DeleteObjects), "POST", "REST.POST.MULTI_OBJECT_DELETE")]
    [InlineData(nameof(S3Operation.GetBucketVersioning), "GET", "REST.GET.VERSIONING")]
    [InlineData(nameof(S3Operation.NotImplemented), "put", "REST.PUT.BUCKET")]
    public void Operations_have_S3s_names(string operationName, string method, string expected) =>
        Assert.Equal(expected, AccessLogFormat.OperationName(Enum.Parse<S3Operation>(operationName), method, namesKey: false));
}
