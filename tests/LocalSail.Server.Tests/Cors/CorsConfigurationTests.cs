using System.Xml.Linq;
using LocalSail.Server.Cors;
using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Storage;

namespace LocalSail.Server.Tests.Cors;

public sealed class CorsConfigurationTests
{
    private static CorsRule Rule(string method = "GET", string origin = "*", string? header = null, string? id = null) =>
        new(id, [method], [origin], header is null ? null : [header], null, null);

    [Fact]
    public void Rules_S3_and_Lightsail_accept_are_valid()
    {
        Assert.Null(CorsConfiguration.Validate([]));
        Assert.Null(CorsConfiguration.Validate(
        [
            new CorsRule("r1", ["GET", "PUT", "POST", "DELETE", "HEAD"], ["https://*.example.com", ""], ["x-amz-*", "*"], ["ETag"], 3000),
        ]));
        Assert.Null(CorsConfiguration.Validate(Enumerable.Repeat(Rule(), CorsConfiguration.MaxRules).ToList()));
    }

    [Theory]
    [InlineData("PATCH", "*", null, "Found unsupported HTTP method in CORS config. Unsupported method is PATCH")]
    [InlineData("get", "*", null, "Found unsupported HTTP method in CORS config. Unsupported method is get")]
    [InlineData("GET", "http://*.*.com", null, "AllowedOrigin \"http://*.*.com\" can not have more than one wildcard.")]
    [InlineData("GET", "*", "x-*-*", "AllowedHeader \"x-*-*\" can not have more than one wildcard.")]
    public void S3s_refusals_are_named_in_S3s_words(string method, string origin, string? header, string message)
    {
        var problem = CorsConfiguration.Validate([Rule(method, origin, header)]);

        Assert.Equal(new CorsProblem(message), problem);
    }

    [Fact]
    public void More_than_twenty_rules_a_long_id_more_than_64_KB_and_a_rule_without_methods_are_refused()
    {
        Assert.Contains("at most 20 rules", CorsConfiguration.Validate(Enumerable.Repeat(Rule(), 21).ToList())!.Message);
        Assert.Contains("at most 255 characters", CorsConfiguration.Validate([Rule(id: new string('i', 256))])!.Message);
        Assert.Null(CorsConfiguration.Validate([Rule(id: new string('i', 255))]));

        var large = Enumerable.Range(0, 20).Select(i => new CorsRule(null, ["GET"], Enumerable.Range(0, 40).Select(j => $"https://site-{i}-{j}.example.com/{new string('p', 50)}").ToList(), null, null, null)).ToList();
        Assert.Contains("64 KB", CorsConfiguration.Validate(large)!.Message);

        var empty = CorsConfiguration.Validate([new CorsRule(null, [], ["*"], null, null, null)]);
        Assert.True(empty!.Malformed);
    }

    [Fact]
    public void The_S3_document_reads_back_as_the_rules_it_was_written_from()
    {
        IReadOnlyList<CorsRule> rules =
        [
            new CorsRule("uploads", ["PUT", "POST"], ["https://app.example.com"], ["content-type", "x-amz-*"], ["ETag", "x-amz-version-id"], 600),
            new CorsRule(null, ["GET"], ["*"], null, null, null),
        ];
        using var xml = new S3XmlBuilder();
        CorsConfiguration.Write(xml, rules);
        var document = XDocument.Parse(xml.ToString());

        Assert.Equal(S3XmlBuilder.Namespace, document.Root!.Name.NamespaceName);
        Assert.Equal(
            ["ID", "AllowedHeader", "AllowedHeader", "AllowedMethod", "AllowedMethod", "AllowedOrigin", "ExposeHeader", "ExposeHeader", "MaxAgeSeconds"],
            document.Root.Elements().First().Elements().Select(e => e.Name.LocalName));
        var read = CorsConfiguration.Read(document.Root)!;
        Assert.Equal(2, read.Count);
        Assert.Equal(("uploads", 600), (read[0].Id, read[0].MaxAgeSeconds));
        Assert.Equal(rules[0].AllowedHeaders, read[0].AllowedHeaders);
        Assert.Equal(rules[0].ExposeHeaders, read[0].ExposeHeaders);
        Assert.Equal(["GET"], read[1].AllowedMethods!);
        Assert.Equal(["*"], read[1].AllowedOrigins!);
        Assert.Equal((null, null, null, null), (read[1].Id, read[1].AllowedHeaders, read[1].ExposeHeaders, read[1].MaxAgeSeconds));
    }

    [Theory]
    [InlineData("<CORSConfiguration/>")]
    [InlineData("<Configuration><CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin></CORSRule></Configuration>")]
    [InlineData("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>")]
    [InlineData("<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>")]
    [InlineData("<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin><MaxAgeSeconds>soon</MaxAgeSeconds></CORSRule></CORSConfiguration>")]
    [InlineData("<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin><ID>a</ID><ID>b</ID></CORSRule></CORSConfiguration>")]
    [InlineData("<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin><Color>red</Color></CORSRule></CORSConfiguration>")]
    [InlineData("<CORSConfiguration><Other/></CORSConfiguration>")]
    public void A_document_without_the_configuration_shape_is_malformed(string document)
    {
        Assert.Null(CorsConfiguration.Read(XDocument.Parse(document).Root!));
    }
}
