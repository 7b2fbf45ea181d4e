using System.Text;
using System.Xml.Linq;
using LocalSail.Server.DataPlane;

namespace LocalSail.Server.Tests.DataPlane;

public sealed class S3ErrorWriterTests
{
    [Fact]
    public void An_error_is_its_code_message_details_resource_and_request_id()
    {
        var error = S3Error.InvalidAccessKeyId.With("AWSAccessKeyId", "AKIAEXAMPLE");

        var root = XDocument.Parse(Encoding.UTF8.GetString(S3ErrorWriter.Serialize(error, "/photos/cat.jpg", "REQUEST-1"))).Root!;

        Assert.Equal(
            ["Code:InvalidAccessKeyId", $"Message:{error.Message}", "AWSAccessKeyId:AKIAEXAMPLE", "Resource:/photos/cat.jpg", "RequestId:REQUEST-1"],
            root.Elements().Select(e => e.Name.LocalName + ":" + e.Value));
    }

    /// <summary>A detail echoing U+0000 (which XML cannot carry) is left out, and the document stays well-formed.</summary>
    [Fact]
    public void A_detail_holding_the_null_character_is_left_out()
    {
        var error = S3Error.InvalidAccessKeyId.With("AWSAccessKeyId", "AKIA\0").With("Key", "k");

        var root = XDocument.Parse(Encoding.UTF8.GetString(S3ErrorWriter.Serialize(error, null, "REQUEST-1"))).Root!;

        Assert.Equal(["Code", "Message", "Key", "RequestId"], root.Elements().Select(e => e.Name.LocalName));
    }
}
