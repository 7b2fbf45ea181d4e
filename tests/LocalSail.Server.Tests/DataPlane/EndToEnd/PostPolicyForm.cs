using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// A POST Object form signed by hand as SDKs sign one (SigV4 over the base64 policy): the fields, then the file.
/// By default the policy has a condition for every field sent, as boto3's <c>generate_presigned_post</c> makes it.
/// </summary>
internal sealed class PostPolicyForm(Credentials key, string bucket)
{
    public string Region { get; set; } = "us-east-1";

    public DateTimeOffset SignedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset Expiration { get; set; } = DateTimeOffset.UtcNow.AddMinutes(10);

    /// <summary>The fields before the signing ones, in order; each gets an exact-match condition unless <see cref="Conditions"/> already names it.</summary>
    public List<KeyValuePair<string, string>> Fields { get; } = [];

    /// <summary>Conditions besides those made for <see cref="Fields"/> and for the signing fields.</summary>
    public JsonArray Conditions { get; } = [];

    /// <summary>Fields added after the policy is made, so that no condition names them.</summary>
    public List<KeyValuePair<string, string>> Unconditioned { get; } = [];

    /// <summary>Replaces the policy's JSON as signed.</summary>
    public string? PolicyJson { get; set; }

    /// <summary>Changes the signature after it is computed.</summary>
    public Func<string, string>? TamperSignature { get; set; }

    public byte[] File { get; set; } = "posted by a form"u8.ToArray();

    public string? FileName { get; set; } = "upload.txt";

    public PostPolicyForm With(string name, string value)
    {
        Fields.Add(new(name, value));
        return this;
    }

    /// <summary>Every field as sent, the signing ones included: what a page's form carries.</summary>
    public List<KeyValuePair<string, string>> SignedFields()
    {
        var date = SignedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var credential = $"{key.AccessKeyId}/{date[..8]}/{Region}/s3/aws4_request";
        var conditions = new JsonArray { new JsonObject { ["bucket"] = bucket } };
        foreach (var condition in Conditions)
        {
            conditions.Add(condition!.DeepClone());
        }

        foreach (var (name, value) in Fields)
        {
            if (!Conditions.ToJsonString().Contains("\"$" + name + "\"", StringComparison.OrdinalIgnoreCase)
                && !Conditions.ToJsonString().Contains("\"" + name + "\":", StringComparison.OrdinalIgnoreCase))
            {
                conditions.Add(new JsonObject { [name] = value });
            }
        }

        conditions.Add(new JsonObject { ["x-amz-algorithm"] = SigV4.Algorithm });
        conditions.Add(new JsonObject { ["x-amz-credential"] = credential });
        conditions.Add(new JsonObject { ["x-amz-date"] = date });
        var json = PolicyJson ?? new JsonObject
        {
            ["expiration"] = Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["conditions"] = conditions,
        }.ToJsonString();
        var policy = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        var signature = SigV4.ComputeSignature(SigV4.DeriveSigningKey(key.SecretAccessKey, date[..8], Region, "s3"), policy);
        return
        [
            .. Fields,
            new("x-amz-algorithm", SigV4.Algorithm),
            new("x-amz-credential", credential),
            new("x-amz-date", date),
            new("policy", policy),
            new("x-amz-signature", TamperSignature?.Invoke(signature) ?? signature),
            .. Unconditioned,
        ];
    }

    /// <summary>The multipart body: every field, then the file.</summary>
    public MultipartFormDataContent Content()
    {
        var content = new MultipartFormDataContent("localsail-form-boundary-" + Guid.NewGuid().ToString("N"));
        foreach (var (name, value) in SignedFields())
        {
            var part = new ByteArrayContent(Encoding.UTF8.GetBytes(value));
            part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = Quoted(name) };
            content.Add(part);
        }

        var file = new ByteArrayContent(File);
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = FileName is null ? null : Quoted(FileName) };
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file);
        return content;
    }

    private static string Quoted(string value) => "\"" + value + "\"";
}
