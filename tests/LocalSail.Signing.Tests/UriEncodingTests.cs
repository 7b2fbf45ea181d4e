using LocalSail.Signing;

namespace LocalSail.Signing.Tests;

public sealed class UriEncodingTests
{
    [Theory]
    [InlineData("abc-_.~XYZ09", true, "abc-_.~XYZ09")]
    [InlineData("a b", true, "a%20b")]
    [InlineData("a/b", true, "a%2Fb")]
    [InlineData("a/b", false, "a/b")]
    [InlineData("a+b=c", true, "a%2Bb%3Dc")]
    [InlineData("\u1234", true, "%E1%88%B4")]
    [InlineData("😀", true, "%F0%9F%98%80")]
    public void Encode_percent_encodes_all_but_unreserved(string input, bool encodeSlash, string expected) =>
        Assert.Equal(expected, UriEncoding.Encode(input, encodeSlash));

    [Theory]
    [InlineData("a%20b", "a b")]
    [InlineData("a+b", "a+b")]
    [InlineData("%E1%88%B4", "\u1234")]
    [InlineData("100%", "100%")]
    public void Decode_reads_utf8_percent_escapes(string input, string expected) =>
        Assert.Equal(expected, UriEncoding.Decode(input));

    [Theory]
    [InlineData("b=2&a=1", "a=1&b=2")]
    [InlineData("a=2&a=1", "a=1&a=2")]
    [InlineData("acl", "acl=")]
    [InlineData("prefix=a%2Fb&list-type=2", "list-type=2&prefix=a%2Fb")]
    [InlineData("X-Amz-Signature=abc&x=1", "x=1")]
    public void Canonical_query_sorts_and_reencodes(string raw, string expected) =>
        Assert.Equal(expected, SigV4.CanonicalQuery(raw, "X-Amz-Signature"));

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/./", "/")]
    [InlineData("//", "/")]
    [InlineData("/example/..", "/")]
    [InlineData("/example1/example2/../..", "/")]
    [InlineData("/a/b/", "/a/b/")]
    public void Normalize_path_removes_dot_and_empty_segments(string path, string expected) =>
        Assert.Equal(expected, SigV4.NormalizePath(path));

    [Fact]
    public void Signature_comparison_is_exact() =>
        Assert.False(SigV4.SignaturesEqual("abcd", "abce"));
}
