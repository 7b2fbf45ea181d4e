using System.Text;
using LocalSail.Signing;

namespace LocalSail.Signing.Tests;

/// <summary>
/// AWS's SigV4 test suite (aws-c-auth), read from the workspace's reference folder when it is present
/// (LOCALSAIL_SIGV4_VECTORS or a <c>shared/reference/sigv4-test-suite</c> above the repository).
/// </summary>
public sealed class SigV4VectorTests
{
    [Fact]
    public void Header_form_canonical_requests_and_signatures_match_every_vector()
    {
        var root = VectorRoot();
        if (root is null)
        {
            return; // The vectors are reference material outside the repository; the SDK-signed tests cover the suite.
        }

        var checkedCases = 0;
        foreach (var dir in Directory.GetDirectories(root).Order())
        {
            var requestFile = Path.Combine(dir, "request.txt");
            if (!File.Exists(requestFile) || !File.Exists(Path.Combine(dir, "header-canonical-request.txt")))
            {
                continue;
            }

            var context = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "context.json"))).RootElement;
            var normalize = context.GetProperty("normalize").GetBoolean();
            var credentials = context.GetProperty("credentials");
            var secret = credentials.GetProperty("secret_access_key").GetString()!;
            var region = context.GetProperty("region").GetString()!;
            var service = context.GetProperty("service").GetString()!;
            var request = ParsedRequest.Parse(File.ReadAllText(requestFile));

            // The signer adds X-Amz-Date, and the session token unless the case says it is added after signing.
            request.Headers.Add(new("x-amz-date", "20150830T123600Z"));
            if (credentials.TryGetProperty("token", out var token) && !(context.TryGetProperty("omit_session_token", out var omit) && omit.GetBoolean()))
            {
                request.Headers.Add(new("x-amz-security-token", token.GetString()!));
            }

            if (context.TryGetProperty("sign_body", out var signBody) && signBody.GetBoolean())
            {
                request.Headers.Add(new("x-amz-content-sha256", SigV4.Sha256Hex(request.Body)));
            }

            var signedHeaders = string.Join(';', request.Headers.Select(h => h.Key).Distinct().Order(StringComparer.Ordinal));
            var headers = request.Headers
                .GroupBy(h => h.Key)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new KeyValuePair<string, string>(g.Key, string.Join(',', g.Select(h => SigV4.CanonicalHeaderValue(h.Value)))))
                .ToList();
            var canonicalUri = normalize ? SigV4.CanonicalUri(request.Path, isS3: false) : UriEncoding.Encode(request.Path, encodeSlash: false);
            var canonical = SigV4.BuildCanonicalRequest(
                request.Method,
                canonicalUri,
                SigV4.CanonicalQuery(request.Query),
                headers,
                signedHeaders,
                SigV4.Sha256Hex(request.Body));

            var expectedCanonical = File.ReadAllText(Path.Combine(dir, "header-canonical-request.txt"));
            Assert.Equal(expectedCanonical, canonical);

            var scope = $"20150830/{region}/{service}/aws4_request";
            var stringToSign = SigV4.BuildStringToSign("20150830T123600Z", scope, canonical);
            Assert.Equal(File.ReadAllText(Path.Combine(dir, "header-string-to-sign.txt")), stringToSign);

            var signature = SigV4.ComputeSignature(SigV4.DeriveSigningKey(secret, "20150830", region, service), stringToSign);
            Assert.Equal(File.ReadAllText(Path.Combine(dir, "header-signature.txt")).Trim(), signature);
            checkedCases++;
        }

        Assert.True(checkedCases >= 30, $"only {checkedCases} vectors were checked");
    }

    internal static string? VectorRoot()
    {
        var configured = Environment.GetEnvironmentVariable("LOCALSAIL_SIGV4_VECTORS");
        if (!string.IsNullOrEmpty(configured) && Directory.Exists(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference", "sigv4-test-suite");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private sealed record ParsedRequest(string Method, string Path, string Query, List<KeyValuePair<string, string>> Headers, string Body)
    {
        public static ParsedRequest Parse(string text)
        {
            var lines = text.Replace("\r\n", "\n").Split('\n');
            var requestLine = lines[0];
            var firstSpace = requestLine.IndexOf(' ');
            var lastSpace = requestLine.LastIndexOf(' ');
            var target = requestLine[(firstSpace + 1)..lastSpace];
            var question = target.IndexOf('?');
            var path = question < 0 ? target : target[..question];
            var query = question < 0 ? string.Empty : target[(question + 1)..];

            var headers = new List<KeyValuePair<string, string>>();
            var i = 1;
            for (; i < lines.Length && lines[i].Length > 0; i++)
            {
                if (lines[i][0] is ' ' or '\t' && headers.Count > 0)
                {
                    var last = headers[^1];
                    headers[^1] = new(last.Key, last.Value + " " + lines[i].Trim());
                    continue;
                }

                var colon = lines[i].IndexOf(':');
                headers.Add(new(lines[i][..colon].Trim().ToLowerInvariant(), lines[i][(colon + 1)..]));
            }

            var body = i + 1 < lines.Length ? string.Join('\n', lines[(i + 1)..]) : string.Empty;
            return new ParsedRequest(requestLine[..firstSpace], path, query, headers, body);
        }
    }
}
