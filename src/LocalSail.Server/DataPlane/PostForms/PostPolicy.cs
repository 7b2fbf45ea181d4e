using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LocalSail.Server.DataPlane.PostForms;

/// <summary>
/// A POST policy (base64 JSON, <c>{"expiration": ..., "conditions": [...]}</c>) and S3's rules for it: the
/// policy expires; every condition holds on the form as sent (after <c>${filename}</c> is replaced); every
/// field but the signature, the policy, the file and <c>x-ignore-*</c> is named by a condition; the file's size
/// is within every <c>content-length-range</c>. A policy S3 would not read is <c>InvalidPolicyDocument</c>; a
/// form it refuses is <c>AccessDenied</c> naming the condition, as S3 answers.
/// </summary>
internal sealed class PostPolicy
{
    private static readonly string[] ExpirationFormats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    // Fields S3 allows only an exact match on.
    private static readonly HashSet<string> ExactOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        "bucket", "success_action_status", "x-amz-algorithm", "x-amz-credential", "x-amz-date",
    };

    private static readonly JsonSerializerOptions ConditionText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private PostPolicy(DateTimeOffset expiration, IReadOnlyList<PolicyCondition> conditions)
    {
        Expiration = expiration;
        Conditions = conditions;
    }

    public DateTimeOffset Expiration { get; }

    public IReadOnlyList<PolicyCondition> Conditions { get; }

    /// <summary>The largest file every <c>content-length-range</c> allows; null when none limits it.</summary>
    public long? MaxLength => Conditions.OfType<LengthCondition>().Select(c => c.Max).Where(m => m is not null).Min();

    /// <summary>Reads the policy field as sent; the policy or <c>InvalidPolicyDocument</c> saying what is wrong with it.</summary>
    public static (PostPolicy? Policy, S3Error? Error) Parse(string base64)
    {
        byte[] json;
        try
        {
            json = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return (null, Invalid("Invalid Policy: invalid Base64 encoding."));
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement);
        }
        catch (JsonException)
        {
            return (null, Invalid("Invalid Policy: Invalid JSON."));
        }
    }

    private static (PostPolicy?, S3Error?) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, Invalid("Invalid Policy: Invalid JSON."));
        }

        JsonElement? expiration = null, conditions = null;
        foreach (var member in root.EnumerateObject())
        {
            switch (member.Name)
            {
                case "expiration":
                    expiration = member.Value;
                    break;
                case "conditions":
                    conditions = member.Value;
                    break;
                default:
                    return (null, Invalid($"Invalid Policy: Unexpected: '{member.Name.ToLowerInvariant()}'"));
            }
        }

        if (expiration is null)
        {
            return (null, Invalid("Invalid Policy: Policy missing expiration."));
        }

        if (expiration.Value.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParseExact(
                expiration.Value.GetString(), ExpirationFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expires))
        {
            return (null, Invalid($"Invalid Policy: Invalid 'expiration' value: '{expiration.Value}'"));
        }

        if (conditions is null)
        {
            return (null, Invalid("Invalid Policy: Policy missing conditions."));
        }

        if (conditions.Value.ValueKind != JsonValueKind.Array)
        {
            return (null, Invalid("Invalid Policy: Invalid 'conditions' value: must be a List."));
        }

        var parsed = new List<PolicyCondition>();
        foreach (var element in conditions.Value.EnumerateArray())
        {
            var (condition, error) = ReadCondition(element);
            if (error is not null)
            {
                return (null, error);
            }

            parsed.Add(condition!);
        }

        return (new PostPolicy(expires, parsed), null);
    }

    private static (PolicyCondition?, S3Error?) ReadCondition(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            // {"acl": "public-read"} is ["eq", "$acl", "public-read"].
            using var members = element.EnumerateObject();
            var properties = members.ToList();
            if (properties.Count != 1)
            {
                return (null, Invalid("Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified."));
            }

            var (name, value) = (properties[0].Name, properties[0].Value);
            return value.ValueKind switch
            {
                JsonValueKind.String => (new FieldCondition(MatchKind.Exact, name, value.GetString()!, Text(["eq", "$" + name, value.GetString()!])), null),
                JsonValueKind.Null => (null, Invalid("Invalid Policy: Invalid JSON.")),
                _ => (null, Invalid("Invalid Policy: Invalid Simple-Condition: value must be a string.")),
            };
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return (null, Invalid("Invalid Policy: Invalid condition test: must be a List or Object."));
        }

        var items = element.EnumerateArray().ToList();
        if (items.Count == 0 || items[0].ValueKind != JsonValueKind.String)
        {
            return (null, Invalid("Invalid Policy: Invalid Condition: missing operation identifier."));
        }

        var operation = items[0].GetString()!;
        var text = "[" + string.Join(", ", items.Select(i => i.GetRawText())) + "]";
        switch (operation.ToLowerInvariant())
        {
            case "eq":
            case "starts-with":
                if (items.Count != 3)
                {
                    return (null, Invalid($"Invalid Policy: Invalid {operation}: wrong number of arguments."));
                }

                if (items[1].ValueKind != JsonValueKind.String || items[2].ValueKind != JsonValueKind.String)
                {
                    return (null, Invalid("Invalid Policy: Invalid JSON."));
                }

                var kind = operation.Equals("eq", StringComparison.OrdinalIgnoreCase) ? MatchKind.Exact : MatchKind.StartsWith;
                var field = items[1].GetString()!;

                // A field named without its '$' matches nothing: the condition fails when the form is checked.
                return (new FieldCondition(kind, field.StartsWith('$') ? field[1..] : null, items[2].GetString()!, text), null);
            case "content-length-range":
                if (items.Count != 3)
                {
                    return (null, Invalid($"Invalid Policy: Invalid {operation}: wrong number of arguments."));
                }

                var (min, minError) = Bound(items[1]);
                var (max, maxError) = Bound(items[2]);
                var boundError = minError ?? maxError;
                return boundError is not null ? (null, boundError) : (new LengthCondition(min, max, text), null);
            default:
                return (null, Invalid($"Invalid Policy: Invalid Condition: unknown operation '{operation}'."));
        }
    }

    /// <summary>A range's bound: a whole number, or a string of one; null (a condition that fails) for any other string.</summary>
    private static (long?, S3Error?) Bound(JsonElement element)
    {
        long value;
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when element.TryGetInt64(out value):
                break;
            case JsonValueKind.String when long.TryParse(element.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value):
                break;
            case JsonValueKind.String:
                return (null, null);
            default:
                return (null, Invalid("Invalid Policy: Invalid JSON."));
        }

        return value < 0
            ? (null, Invalid("Invalid Policy: Invalid content-length-range: the bounds must not be negative."))
            : (value, null);
    }

    /// <summary>
    /// Whether the form may be stored under this policy, before its file is read: not expired, every condition
    /// holding on the fields (<c>bucket</c> on the bucket posted to), every field named by a condition.
    /// </summary>
    public S3Error? Check(PostForm form, string bucket, DateTimeOffset now)
    {
        if (now >= Expiration)
        {
            return Denied("Invalid according to Policy: Policy expired.");
        }

        foreach (var condition in Conditions)
        {
            if (condition is LengthCondition { Min: null } or LengthCondition { Max: null })
            {
                return Failed(condition);
            }

            if (condition is FieldCondition field && !Holds(field, form, bucket))
            {
                return Failed(condition);
            }
        }

        foreach (var (name, _) in form.Fields)
        {
            if (!IsExempt(name) && !Conditions.OfType<FieldCondition>().Any(c => name.Equals(c.Field, StringComparison.OrdinalIgnoreCase)))
            {
                return Denied("Invalid according to Policy: Extra input fields: " + name);
            }
        }

        return null;
    }

    /// <summary>Whether a file of <paramref name="length"/> bytes is within every <c>content-length-range</c>.</summary>
    public S3Error? CheckLength(long length)
    {
        foreach (var range in Conditions.OfType<LengthCondition>())
        {
            if (range.Max is { } max && length > max)
            {
                return TooLarge(length, max);
            }

            if (range.Min is { } min && length < min)
            {
                return S3Error.EntityTooSmall
                    .WithMessage("Your proposed upload is smaller than the minimum allowed size")
                    .With("ProposedSize", length.ToString(CultureInfo.InvariantCulture))
                    .With("MinSizeAllowed", min.ToString(CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    /// <summary>The refusal of a file of <paramref name="length"/> bytes (null when not counted to its end) over <paramref name="max"/>.</summary>
    public static S3Error TooLarge(long? length, long max)
    {
        var error = S3Error.EntityTooLarge.WithMessage("Your proposed upload exceeds the maximum allowed size");
        return (length is null ? error : error.With("ProposedSize", length.Value.ToString(CultureInfo.InvariantCulture)))
            .With("MaxSizeAllowed", max.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The fields no condition need name: the signature (and the older form's key id), the policy, the file and <c>x-ignore-*</c>.</summary>
    private static bool IsExempt(string name) =>
        name.Equals("policy", StringComparison.OrdinalIgnoreCase)
        || name.Equals("x-amz-signature", StringComparison.OrdinalIgnoreCase)
        || name.Equals("AWSAccessKeyId", StringComparison.OrdinalIgnoreCase)
        || name.Equals("signature", StringComparison.OrdinalIgnoreCase)
        || name.Equals(PostForm.FileFieldName, StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("x-ignore-", StringComparison.OrdinalIgnoreCase);

    private static bool Holds(FieldCondition condition, PostForm form, string bucket)
    {
        if (condition.Field is null || (condition.Kind == MatchKind.StartsWith && ExactOnly.Contains(condition.Field)))
        {
            return false;
        }

        var value = condition.Field.Equals("bucket", StringComparison.OrdinalIgnoreCase) ? bucket : form.Field(condition.Field);
        if (value is null)
        {
            // A condition on a field the form does not have fails, even one that allows any value.
            return false;
        }

        if (condition.Kind == MatchKind.Exact)
        {
            return value == condition.Value;
        }

        // A Content-Type with commas is a list, each of whose values must start as the condition says.
        return condition.Field.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
            ? value.Split(',').All(v => v.StartsWith(condition.Value, StringComparison.Ordinal))
            : value.StartsWith(condition.Value, StringComparison.Ordinal);
    }

    private static S3Error Failed(PolicyCondition condition) =>
        Denied("Invalid according to Policy: Policy Condition failed: " + condition.Text);

    private static S3Error Denied(string message) => S3Error.AccessDenied.WithMessage(message);

    private static S3Error Invalid(string message) => S3Error.InvalidPolicyDocument.WithMessage(message);

    private static string Text(string[] items)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < items.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(JsonSerializer.Serialize(items[i], ConditionText));
        }

        return text.Append(']').ToString();
    }
}

internal enum MatchKind
{
    Exact,
    StartsWith,
}

/// <summary>One condition of a policy, with its text as S3 quotes it when the condition fails.</summary>
internal abstract record PolicyCondition(string Text);

/// <summary><c>eq</c> or <c>starts-with</c> on a field (null when the policy named it without its <c>$</c>).</summary>
internal sealed record FieldCondition(MatchKind Kind, string? Field, string Value, string Text) : PolicyCondition(Text);

/// <summary><c>content-length-range</c>, both bounds inclusive; a bound is null when it is not a number.</summary>
internal sealed record LengthCondition(long? Min, long? Max, string Text) : PolicyCondition(Text);
