using System.Xml;
using System.Xml.Linq;
using Amazon.S3.Model;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// The listings' answers where S3 is particular: an empty delimiter, URL-encoded values in ListObjects (v1),
/// and a ListObjectVersions key marker whose key has gone since the page before.
/// </summary>
public sealed class ListingAnswerTests() : S3BucketTests("listing")
{
    [Theory]
    [InlineData("")]
    [InlineData("list-type=2&")]
    [InlineData("versions&")]
    public async Task An_empty_delimiter_is_no_delimiter_element(string listing)
    {
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "a/b", ContentBody = "x" });
        var reply = await Raw.SendAsync(HttpMethod.Get, $"{Server.EndpointUrl}/{Bucket}?{listing}delimiter=", AccessKey);
        Assert.Equal(200, reply.Status);
        var root = XDocument.Parse(reply.Text).Root!;
        Assert.DoesNotContain(root.Elements(), e => e.Name.LocalName == "Delimiter");
        Assert.DoesNotContain(root.Elements(), e => e.Name.LocalName == "CommonPrefixes");

        var named = await Raw.SendAsync(HttpMethod.Get, $"{Server.EndpointUrl}/{Bucket}?{listing}delimiter=%2F", AccessKey);
        Assert.Equal("/", XDocument.Parse(named.Text).Root!.Elements().Single(e => e.Name.LocalName == "Delimiter").Value);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\u0001")]
    [InlineData("a b+c")]
    public async Task ListObjects_with_URL_encoding_echoes_the_prefix_as_sent_and_encodes_keys(string prefix)
    {
        // S3 URL-encodes keys, common prefixes, the delimiter and markers in ListObjects (v1), but echoes the
        // prefix as it came; clients (botocore) decode those and not the prefix. ListObjectsV2 encodes the prefix.
        var key = prefix + "/object";
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = "x" });
        var encodedPrefix = UriEncoding.Encode(prefix, encodeSlash: true);
        var v1 = Elements(await Raw.SendAsync(HttpMethod.Get, $"{Server.EndpointUrl}/{Bucket}?delimiter=%2F&encoding-type=url&prefix={encodedPrefix}", AccessKey));
        Assert.Equal(prefix, v1["Prefix"]);
        Assert.Equal("/", v1["Delimiter"]);
        Assert.Equal(UriEncoding.Encode(prefix, encodeSlash: false) + "/", v1["CommonPrefixes"]);

        var v2 = Elements(await Raw.SendAsync(HttpMethod.Get, $"{Server.EndpointUrl}/{Bucket}?list-type=2&encoding-type=url&prefix={encodedPrefix}", AccessKey));
        Assert.Equal(UriEncoding.Encode(prefix, encodeSlash: false), v2["Prefix"]);
        Assert.Equal(UriEncoding.Encode(key, encodeSlash: false), v2["Contents"]);
    }

    [Fact]
    public async Task Boto3_lists_a_control_character_prefix_with_both_listings()
    {
        const string script = """
            import os
            import boto3
            s3 = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
            bucket = os.environ["BUCKET"]
            s3.put_object(Bucket=bucket, Key="\n/x", Body=b"x")
            v1 = s3.list_objects(Bucket=bucket, Prefix="\n", Delimiter="/")
            assert v1["Prefix"] == "\n", v1
            assert [p["Prefix"] for p in v1["CommonPrefixes"]] == ["\n/"], v1
            v2 = s3.list_objects_v2(Bucket=bucket, Prefix="\n")
            assert v2["Prefix"] == "\n", v2
            assert [o["Key"] for o in v2["Contents"]] == ["\n/x"], v2
            print("listed ok")
            """;
        var result = await S3TestServer.RunAsync("python3", ["-c", script], AccessKey, new Dictionary<string, string>
        {
            ["ENDPOINT"] = Server.EndpointUrl,
            ["BUCKET"] = Bucket,
        });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("listed ok", result.Stdout);
    }

    [Fact]
    public async Task ListObjectVersions_goes_on_after_a_marker_whose_version_was_deleted()
    {
        await Server.Lightsail.CallOkAsync("UpdateBucket", $$"""{"bucketName":"{{Bucket}}","versioning":"Enabled"}""");
        var written = new List<(string Key, string VersionId)>();
        foreach (var key in new[] { "k1", "k1", "k1", "k2", "k2", "k3" })
        {
            var put = await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = key });
            written.Add((key, put.VersionId));
        }

        // List a page, delete what it listed, list the next page from its markers: the deletion loop of S3's tools.
        var seen = new List<(string Key, string VersionId)>();
        var request = new ListVersionsRequest { BucketName = Bucket, MaxKeys = 2 };
        while (true)
        {
            var page = await S3.ListVersionsAsync(request);
            var listed = page.Versions.Select(v => (v.Key, v.VersionId)).ToList();
            seen.AddRange(listed);
            foreach (var (key, versionId) in listed)
            {
                await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key, VersionId = versionId });
            }

            if (page.IsTruncated != true)
            {
                break;
            }

            request.KeyMarker = page.NextKeyMarker;
            request.VersionIdMarker = page.NextVersionIdMarker;
        }

        var expected = written.OrderBy(v => v.Key, StringComparer.Ordinal).ThenByDescending(v => written.IndexOf(v)).ToList();
        Assert.Equal(expected, seen);
        var left = await S3.ListVersionsAsync(new ListVersionsRequest { BucketName = Bucket });
        Assert.Empty(left.Versions ?? []);

        // A version id marker that is no version id at all is still refused.
        var bad = await Raw.SendAsync(HttpMethod.Get, $"{Server.EndpointUrl}/{Bucket}?versions&key-marker=k1&version-id-marker=not-a-version", AccessKey);
        Assert.Equal(400, bad.Status);
        Assert.Equal("InvalidArgument", bad.ErrorCode);
    }

    /// <summary>The first value of each child element of the answer (Contents and CommonPrefixes by their key or prefix).</summary>
    private static Dictionary<string, string> Elements(RawReply reply)
    {
        Assert.Equal(200, reply.Status);
        var settings = new XmlReaderSettings { CheckCharacters = false };
        var root = XDocument.Load(XmlReader.Create(new StringReader(reply.Text), settings)).Root!;
        var values = new Dictionary<string, string>();
        foreach (var element in root.Elements())
        {
            var value = element.Name.LocalName switch
            {
                "Contents" => element.Elements().First(e => e.Name.LocalName == "Key").Value,
                "CommonPrefixes" => element.Elements().First(e => e.Name.LocalName == "Prefix").Value,
                _ => element.Value,
            };
            values.TryAdd(element.Name.LocalName, value);
        }

        return values;
    }
}
