using LocalSail.Signing;

namespace LocalSail.Signing.Tests;

/// <summary>Presigned URLs against the example in Amazon S3's documentation of query-string authentication.</summary>
public sealed class PresignerTests
{
    [Fact]
    public void The_documented_example_URL_is_reproduced_exactly()
    {
        var query = Presigner.PresignQuery(
            "GET",
            "examplebucket.s3.amazonaws.com",
            "/test.txt",
            [],
            new Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            "us-east-1",
            "s3",
            new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero),
            86400);

        Assert.Equal(
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host" +
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
            query);
    }

    [Fact]
    public void Parameters_are_encoded_and_signed_in_canonical_order_whatever_order_they_are_given_in()
    {
        var credentials = new Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        var at = new DateTimeOffset(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);
        var one = Presigner.PresignQuery("GET", "h", "/b", [new("prefix", "a b/ü"), new("list-type", "2")], credentials, "us-east-1", "s3", at, 60);
        var other = Presigner.PresignQuery("GET", "h", "/b", [new("list-type", "2"), new("prefix", "a b/ü")], credentials, "us-east-1", "s3", at, 60);
        Assert.StartsWith("prefix=a%20b%2F%C3%BC&list-type=2&", one);
        Assert.Equal(one[one.IndexOf("X-Amz-Signature=", StringComparison.Ordinal)..], other[other.IndexOf("X-Amz-Signature=", StringComparison.Ordinal)..]);
    }
}
