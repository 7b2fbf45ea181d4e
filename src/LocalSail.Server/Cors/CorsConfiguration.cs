using System.Globalization;
using System.Xml.Linq;
using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Storage;

namespace LocalSail.Server.Cors;

/// <summary>Why a CORS configuration is refused; <see cref="Malformed"/> when it does not have the configuration's shape at all.</summary>
internal sealed record CorsProblem(string Message, bool Malformed = false);

/// <summary>
/// A bucket's CORS configuration: the one set of rules Lightsail's <c>UpdateBucket</c> and S3's
/// <c>PutBucketCors</c> both write, validated here once for both (Lightsail's limits: at most 20 rules and
/// 64 KB; S3's: the methods it knows, at most one wildcard in an origin or a header), and its S3 XML form.
/// </summary>
internal static class CorsConfiguration
{
    public const int MaxRules = 20;

    /// <summary>The largest configuration, measured as its S3 XML document.</summary>
    public const int MaxBytes = 64 * 1024;

    private const int MaxIdLength = 255;

    private static readonly string[] Methods = ["GET", "PUT", "POST", "DELETE", "HEAD"];

    /// <summary>Null when the rules may be stored; otherwise what is wrong with them, in S3's words where S3 has them.</summary>
    public static CorsProblem? Validate(IReadOnlyList<CorsRule> rules)
    {
        if (rules.Count > MaxRules)
        {
            return new CorsProblem($"A CORS configuration can hold at most {MaxRules} rules; this one has {rules.Count}.");
        }

        foreach (var rule in rules)
        {
            if (rule.AllowedMethods is not { Count: > 0 } || rule.AllowedOrigins is not { Count: > 0 })
            {
                return new CorsProblem("Each CORS rule must name at least one allowed origin and one allowed method.", Malformed: true);
            }

            if (rule.AllowedMethods.FirstOrDefault(m => !Methods.Contains(m, StringComparer.Ordinal)) is { } method)
            {
                return new CorsProblem($"Found unsupported HTTP method in CORS config. Unsupported method is {method}");
            }

            if (rule.AllowedOrigins.FirstOrDefault(HasSeveralWildcards) is { } origin)
            {
                return new CorsProblem($"AllowedOrigin \"{origin}\" can not have more than one wildcard.");
            }

            if (rule.AllowedHeaders?.FirstOrDefault(HasSeveralWildcards) is { } header)
            {
                return new CorsProblem($"AllowedHeader \"{header}\" can not have more than one wildcard.");
            }

            if (rule.Id is { Length: > MaxIdLength })
            {
                return new CorsProblem($"The ID of a CORS rule can be at most {MaxIdLength} characters long.");
            }
        }

        using var xml = new S3XmlBuilder();
        Write(xml, rules);
        return xml.Utf8.Length > MaxBytes
            ? new CorsProblem($"The CORS configuration is larger than {MaxBytes / 1024} KB.")
            : null;
    }

    /// <summary>Writes the rules as S3's <c>CORSConfiguration</c> document.</summary>
    public static void Write(S3XmlBuilder xml, IReadOnlyList<CorsRule> rules)
    {
        xml.Root("CORSConfiguration");
        foreach (var rule in rules)
        {
            xml.Open("CORSRule").Element("ID", rule.Id);
            Elements(xml, "AllowedHeader", rule.AllowedHeaders);
            Elements(xml, "AllowedMethod", rule.AllowedMethods);
            Elements(xml, "AllowedOrigin", rule.AllowedOrigins);
            Elements(xml, "ExposeHeader", rule.ExposeHeaders);
            if (rule.MaxAgeSeconds is { } maxAge)
            {
                xml.Element("MaxAgeSeconds", maxAge);
            }

            xml.Close("CORSRule");
        }

        xml.Close("CORSConfiguration");
    }

    /// <summary>
    /// The rules of an S3 <c>CORSConfiguration</c> document, or null when it does not have that shape (S3's
    /// <c>MalformedXML</c>): at least one rule, each with its elements at most once where S3 allows one.
    /// </summary>
    public static IReadOnlyList<CorsRule>? Read(XElement root)
    {
        if (root.Name.LocalName != "CORSConfiguration" || root.Elements().Any(e => e.Name.LocalName != "CORSRule"))
        {
            return null;
        }

        var rules = new List<CorsRule>();
        foreach (var element in root.Elements())
        {
            var rule = ReadRule(element);
            if (rule is null)
            {
                return null;
            }

            rules.Add(rule);
        }

        return rules.Count == 0 ? null : rules;
    }

    private static CorsRule? ReadRule(XElement element)
    {
        string? id = null;
        int? maxAge = null;
        List<string> headers = [], methods = [], origins = [], expose = [];
        foreach (var child in element.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "ID" when id is null:
                    id = child.Value;
                    break;
                case "MaxAgeSeconds" when maxAge is null:
                    if (!int.TryParse(child.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
                    {
                        return null;
                    }

                    maxAge = seconds;
                    break;
                case "AllowedHeader":
                    headers.Add(child.Value);
                    break;
                case "AllowedMethod":
                    methods.Add(child.Value);
                    break;
                case "AllowedOrigin":
                    origins.Add(child.Value);
                    break;
                case "ExposeHeader":
                    expose.Add(child.Value);
                    break;
                default:
                    return null;
            }
        }

        return methods.Count == 0 || origins.Count == 0
            ? null
            : new CorsRule(id, methods, origins, headers.Count == 0 ? null : headers, expose.Count == 0 ? null : expose, maxAge);
    }

    private static void Elements(S3XmlBuilder xml, string name, IReadOnlyList<string>? values)
    {
        foreach (var value in values ?? [])
        {
            xml.Element(name, value);
        }
    }

    private static bool HasSeveralWildcards(string value) => value.IndexOf('*') != value.LastIndexOf('*');
}
