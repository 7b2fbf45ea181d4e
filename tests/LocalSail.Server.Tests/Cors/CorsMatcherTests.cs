using LocalSail.Server.Cors;
using LocalSail.Server.Storage;

namespace LocalSail.Server.Tests.Cors;

public sealed class CorsMatcherTests
{
    private static readonly CorsRule Uploads = new("uploads", ["PUT", "POST"], ["https://*.example.com"], ["content-type", "x-amz-*"], null, null);
    private static readonly CorsRule Reads = new("reads", ["GET", "HEAD"], ["https://app.example.com", "http://localhost:3000"], null, ["ETag"], 300);
    private static readonly CorsRule Anyone = new("anyone", ["GET"], ["*"], ["*"], null, null);

    [Theory]
    [InlineData("https://app.example.com", "GET", null, "reads")]
    [InlineData("http://localhost:3000", "HEAD", null, "reads")]
    [InlineData("https://upload.example.com", "PUT", "Content-Type, X-Amz-Meta-Owner", "uploads")]
    [InlineData("https://a.b.example.com", "POST", "x-amz-date,x-amz-content-sha256", "uploads")]
    [InlineData("https://app.example.com", "PUT", "content-type", "uploads")]
    [InlineData("https://app.example.com", "GET", "x-requested-with", "anyone")]
    [InlineData("http://elsewhere.test", "GET", null, "anyone")]
    [InlineData("https://app.example.com", "GET", " , ", "reads")]
    public void The_first_rule_that_allows_origin_method_and_every_header_wins(string origin, string method, string? headers, string expected)
    {
        Assert.Equal(expected, CorsMatcher.Match([Uploads, Reads, Anyone], origin, method, headers)?.Id);
    }

    [Theory]
    [InlineData("https://example.com", "PUT", null)] // the wildcard needs the dot before the domain
    [InlineData("http://upload.example.com", "PUT", null)] // another scheme
    [InlineData("https://upload.example.com", "DELETE", null)] // a method no rule allows
    [InlineData("https://upload.example.com", "put", null)] // methods are compared as sent
    [InlineData("https://upload.example.com", "PUT", "content-type, authorization")] // one header not allowed
    [InlineData("https://app.example.com", "GET", "x-custom")] // a rule without allowed headers allows none
    [InlineData("HTTPS://APP.EXAMPLE.COM", "GET", null)] // origins are compared exactly
    public void A_request_no_rule_allows_matches_nothing(string origin, string method, string? headers)
    {
        Assert.Null(CorsMatcher.Match([Uploads, Reads], origin, method, headers));
    }

    [Fact]
    public void No_rules_match_nothing() => Assert.Null(CorsMatcher.Match([], "https://app.example.com", "GET", null));

    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("a*", "a", true)]
    [InlineData("*b", "ab", true)]
    [InlineData("a*c", "abbbc", true)]
    [InlineData("a*c", "ac", true)]
    [InlineData("a*c", "ab", false)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("ab*ba", "aba", false)] // prefix and suffix may not overlap
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abcd", false)]
    public void Wildcards_stand_for_any_run_of_characters(string pattern, string value, bool matches)
    {
        Assert.Equal(matches, Wildcard.Matches(pattern, value, StringComparison.Ordinal));
    }
}
