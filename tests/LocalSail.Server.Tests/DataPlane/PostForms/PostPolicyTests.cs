using System.Text;
using LocalSail.Server.DataPlane;
using LocalSail.Server.DataPlane.PostForms;

namespace LocalSail.Server.Tests.DataPlane.PostForms;

/// <summary>The POST policy language: what S3 reads, and each condition type holding and failing on a form.</summary>
public sealed class PostPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private const string Bucket = "photos";

    private static string Base64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    private static PostPolicy Policy(string conditions, string expiration = "2026-05-06T08:00:00.000Z")
    {
        var (policy, error) = PostPolicy.Parse(Base64($"{{\"expiration\": \"{expiration}\", \"conditions\": [{conditions}]}}"));
        Assert.True(error is null, error?.Message);
        return policy!;
    }

    private static PostForm Form(string? fileName, params (string Name, string Value)[] fields) =>
        PostForm.Create(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList(), fileName, Stream.Null);

    private static string? Check(string conditions, params (string Name, string Value)[] fields) =>
        Policy(conditions).Check(Form("photo.jpg", fields), Bucket, Now)?.Message;

    [Theory]
    [InlineData("not base64!", "Invalid Policy: invalid Base64 encoding.")]
    public void A_policy_that_is_not_base64_is_refused(string policy, string message)
    {
        var (_, error) = PostPolicy.Parse(policy);
        Assert.Equal(("InvalidPolicyDocument", 400, message), (error!.Code, error.Status, error.Message));
    }

    [Theory]
    [InlineData("{\"expiration\": ", "Invalid Policy: Invalid JSON.")]
    [InlineData("[]", "Invalid Policy: Invalid JSON.")]
    [InlineData("{\"conditions\": []}", "Invalid Policy: Policy missing expiration.")]
    [InlineData("{\"expiration\": \"2026-05-06T08:00:00Z\"}", "Invalid Policy: Policy missing conditions.")]
    [InlineData("{\"EXPIRATION\": \"2026-05-06T08:00:00Z\", \"conditions\": []}", "Invalid Policy: Unexpected: 'expiration'")]
    [InlineData("{\"expiration\": \"2026-05-06T08:00:00Z\", \"CONDITIONS\": []}", "Invalid Policy: Unexpected: 'conditions'")]
    [InlineData("{\"expiration\": \"2026-05-06T08:00:00+02:00\", \"conditions\": []}", "Invalid Policy: Invalid 'expiration' value: '2026-05-06T08:00:00+02:00'")]
    [InlineData("{\"expiration\": \"2026-05-06 08:00:00 UTC\", \"conditions\": []}", "Invalid Policy: Invalid 'expiration' value: '2026-05-06 08:00:00 UTC'")]
    [InlineData("{\"expiration\": \"2026-05-06T08:00:00Z\", \"conditions\": {}}", "Invalid Policy: Invalid 'conditions' value: must be a List.")]
    [InlineData("{\"expiration\": \"2026-05-06T08:00:00Z\", \"conditions\": [{}]}", "Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.")]
    [InlineData("{\"expiration\": \"2026-05-06T08:00:00Z\", \"conditions\": [{\"bucket\": \"b\", \"key\": \"k\"}]}", "Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.")]
    [InlineData("{\"expiration\": \"2026-05-06T08:00:00Z\", \"conditions\": [{\"Content-Length\": 6199034}]}", "Invalid Policy: Invalid Simple-Condition: value must be a string.")]
    [InlineData("{\"expiration\": \"2026-05-06T08:00:00Z\", \"conditions\": [{\"success_action_redirect\": null}]}", "Invalid Policy: Invalid JSON.")]
    [InlineData("{\"expiration\": \"2026-05-06T08:00:00Z\", \"conditions\": [[]]}", "Invalid Policy: Invalid Condition: missing operation identifier.")]
    [InlineData("{\"expiration\": \"2026-05-06T08:00:00Z\", \"conditions\": [\"key\"]}", "Invalid Policy: Invalid condition test: must be a List or Object.")]
    [InlineData("{\"expiration\": \"2026-05-06T08:00:00Z\", \"conditions\": [[\"ends-with\", \"$key\", \"x\"]]}", "Invalid Policy: Invalid Condition: unknown operation 'ends-with'.")]
    [InlineData("{\"expiration\": \"2026-05-06T08:00:00Z\", \"conditions\": [[\"eq\", \"$key\"]]}", "Invalid Policy: Invalid eq: wrong number of arguments.")]
    [InlineData("{\"expiration\": \"2026-05-06T08:00:00Z\", \"conditions\": [[\"content-length-range\", 0]]}", "Invalid Policy: Invalid content-length-range: wrong number of arguments.")]
    [InlineData("{\"expiration\": \"2026-05-06T08:00:00Z\", \"conditions\": [[\"content-length-range\", -1, 0]]}", "Invalid Policy: Invalid content-length-range: the bounds must not be negative.")]
    [InlineData("{\"expiration\": \"2026-05-06T08:00:00Z\", \"conditions\": [[\"content-length-range\", 0, 512.0]]}", "Invalid Policy: Invalid JSON.")]
    public void A_policy_S3_cannot_read_is_InvalidPolicyDocument_saying_why(string json, string message)
    {
        var (policy, error) = PostPolicy.Parse(Base64(json));
        Assert.Null(policy);
        Assert.Equal(("InvalidPolicyDocument", 400, message), (error!.Code, error.Status, error.Message));
    }

    [Fact]
    public void The_expiration_takes_whole_or_fractional_seconds_and_the_policy_expires_at_that_instant()
    {
        Assert.Equal(new DateTimeOffset(2026, 5, 6, 8, 0, 0, TimeSpan.Zero), Policy("", "2026-05-06T08:00:00Z").Expiration);
        var policy = Policy("", "2026-05-06T07:08:09.000Z");
        var form = Form(null);
        Assert.Null(policy.Check(form, Bucket, Now.AddMilliseconds(-1)));
        var expired = policy.Check(form, Bucket, Now);
        Assert.Equal(("AccessDenied", 403, "Invalid according to Policy: Policy expired."), (expired!.Code, expired.Status, expired.Message));
    }

    [Fact]
    public void Eq_holds_on_the_exact_value_only_and_names_the_condition_when_it_fails()
    {
        Assert.Null(Check("[\"eq\", \"$key\", \"a.txt\"]", ("key", "a.txt")));
        Assert.Null(Check("{\"key\": \"a.txt\"}", ("key", "a.txt")));
        Assert.Equal("Invalid according to Policy: Policy Condition failed: [\"eq\", \"$key\", \"a.txt\"]", Check("[\"eq\", \"$key\", \"a.txt\"]", ("key", "A.txt")));
        Assert.Equal("Invalid according to Policy: Policy Condition failed: [\"eq\", \"$key\", \"a.txt\"]", Check("{\"key\": \"a.txt\"}", ("key", "a.txt2")));
    }

    [Fact]
    public void Starts_with_holds_on_a_prefix_and_an_empty_prefix_allows_any_value_of_a_field_that_is_there()
    {
        Assert.Null(Check("[\"starts-with\", \"$key\", \"user/eric/\"]", ("key", "user/eric/a.txt")));
        Assert.NotNull(Check("[\"starts-with\", \"$key\", \"user/eric/\"]", ("key", "user/ERIC/a.txt")));
        Assert.Null(Check("[\"starts-with\", \"$success_action_redirect\", \"\"]", ("success_action_redirect", "http://x/")));
        Assert.Null(Check("[\"starts-with\", \"$success_action_redirect\", \"\"]", ("success_action_redirect", string.Empty)));
        Assert.Equal(
            "Invalid according to Policy: Policy Condition failed: [\"starts-with\", \"$success_action_redirect\", \"\"]",
            Check("[\"starts-with\", \"$success_action_redirect\", \"\"]"));
    }

    [Fact]
    public void A_content_type_with_commas_is_a_list_each_of_whose_values_must_match()
    {
        const string condition = "[\"starts-with\", \"$Content-Type\", \"image/\"]";
        Assert.Null(Check(condition, ("Content-Type", "image/jpg,image/png,image/gif")));
        Assert.NotNull(Check(condition, ("Content-Type", "image/jpg,text/plain")));

        // Other fields are strings, commas and all.
        Assert.Null(Check("[\"starts-with\", \"$key\", \"a,\"]", ("key", "a,b")));
    }

    [Fact]
    public void Bucket_is_the_bucket_posted_to_and_allows_an_exact_match_only()
    {
        Assert.Null(Check("{\"bucket\": \"photos\"}"));
        Assert.Equal("Invalid according to Policy: Policy Condition failed: [\"eq\", \"$bucket\", \"other\"]", Check("{\"bucket\": \"other\"}"));

        // A form's own bucket field does not stand in for the bucket posted to.
        Assert.NotNull(Check("{\"bucket\": \"other\"}", ("bucket", "other")));
        Assert.NotNull(Check("[\"starts-with\", \"$bucket\", \"pho\"]"));
    }

    [Theory]
    [InlineData("success_action_status", "201")]
    [InlineData("x-amz-algorithm", "AWS4-HMAC-SHA256")]
    [InlineData("x-amz-credential", "AKIA/20260506/us-east-1/s3/aws4_request")]
    [InlineData("x-amz-date", "20260506T070809Z")]
    public void Fields_that_allow_an_exact_match_only_fail_starts_with(string field, string value)
    {
        Assert.Null(Check($"{{\"{field}\": \"{value}\"}}", (field, value)));
        Assert.Equal(
            $"Invalid according to Policy: Policy Condition failed: [\"starts-with\", \"${field}\", \"\"]",
            Check($"[\"starts-with\", \"${field}\", \"\"]", (field, value)));
    }

    [Theory]
    [InlineData("acl", "public-read")]
    [InlineData("Cache-Control", "max-age=60")]
    [InlineData("Content-Disposition", "attachment")]
    [InlineData("Content-Encoding", "gzip")]
    [InlineData("Expires", "Thu, 01 Dec 2026 16:00:00 GMT")]
    [InlineData("success_action_redirect", "https://app.example/done")]
    [InlineData("redirect", "https://app.example/done")]
    [InlineData("x-amz-meta-tag", "holiday")]
    [InlineData("tagging", "<Tagging><TagSet></TagSet></Tagging>")]
    public void Other_fields_take_eq_and_starts_with(string field, string value)
    {
        Assert.Null(Check($"[\"eq\", \"${field}\", \"{value}\"]", (field, value)));
        Assert.Null(Check($"[\"starts-with\", \"${field}\", \"{value[..3]}\"]", (field, value)));
        Assert.NotNull(Check($"[\"eq\", \"${field}\", \"{value}\"]", (field, value + "x")));
        Assert.NotNull(Check($"[\"starts-with\", \"${field}\", \"x{value}\"]", (field, value)));
    }

    [Fact]
    public void Names_are_compared_without_regard_to_case_and_values_with_it()
    {
        Assert.Null(Check("[\"StArTs-WiTh\", \"$KeY\", \"foo\"], {\"AcL\": \"private\"}, {\"x-amz-meta-test-2\": \"v\"}", ("kEy", "foo.txt"), ("aCl", "private"), ("x-amz-meta-TEST-2", "v")));
        Assert.NotNull(Check("{\"acl\": \"private\"}", ("acl", "PRIVATE")));
    }

    [Fact]
    public void A_field_named_without_its_dollar_never_matches()
    {
        Assert.Equal(
            "Invalid according to Policy: Policy Condition failed: [\"eq\", \"key\", \"a.txt\"]",
            Check("[\"eq\", \"key\", \"a.txt\"]", ("key", "a.txt")));
    }

    [Fact]
    public void The_key_is_checked_with_the_file_name_in_place_of_its_variable()
    {
        var policy = Policy("[\"starts-with\", \"$key\", \"user/photo\"], [\"eq\", \"$x-amz-meta-name\", \"photo.jpg\"]");
        Assert.Null(policy.Check(Form("C:\\pictures\\photo.jpg", ("key", "user/${filename}"), ("x-amz-meta-name", "${filename}")), Bucket, Now));
        Assert.NotNull(policy.Check(Form("other.jpg", ("key", "user/${filename}"), ("x-amz-meta-name", "${filename}")), Bucket, Now));

        // A file part that names no file leaves the variable as it is.
        Assert.Equal("user/${filename}", Form(null, ("key", "user/${filename}")).Field("key"));
        Assert.Equal("user/", Form(string.Empty, ("key", "user/${filename}")).Field("key"));
    }

    [Fact]
    public void Every_field_but_the_signature_policy_file_and_x_ignore_ones_must_be_named_by_a_condition()
    {
        Assert.Null(Check(
            "{\"key\": \"k\"}",
            ("key", "k"), ("policy", "p"), ("X-Amz-Signature", "s"), ("AWSAccessKeyId", "a"), ("Signature", "s"), ("x-ignore-submit", "Upload")));
        Assert.Equal("Invalid according to Policy: Extra input fields: Content-Type", Check("{\"key\": \"k\"}", ("key", "k"), ("Content-Type", "text/plain")));

        // A range names no field.
        Assert.Equal("Invalid according to Policy: Extra input fields: key", Check("[\"content-length-range\", 0, 10]", ("key", "k")));
    }

    [Fact]
    public void Content_length_range_bounds_are_inclusive_and_may_be_strings()
    {
        var policy = Policy("[\"content-length-range\", 5, 10]");
        Assert.Equal(10, policy.MaxLength);
        Assert.Null(policy.CheckLength(5));
        Assert.Null(policy.CheckLength(10));
        var small = policy.CheckLength(4)!;
        Assert.Equal(("EntityTooSmall", 400), (small.Code, small.Status));
        Assert.Equal([new("ProposedSize", "4"), new("MinSizeAllowed", "5")], small.Details);
        var large = policy.CheckLength(11)!;
        Assert.Equal(("EntityTooLarge", 400), (large.Code, large.Status));
        Assert.Equal([new("ProposedSize", "11"), new("MaxSizeAllowed", "10")], large.Details);

        Assert.Null(Policy("[\"content-length-range\", \"5\", \"10\"]").CheckLength(7));
        Assert.Null(Policy("").MaxLength);
        Assert.Equal(10, Policy("[\"content-length-range\", 0, 100], [\"content-length-range\", 5, 10]").MaxLength);
    }

    [Fact]
    public void A_range_whose_bound_is_not_a_number_fails_as_a_condition()
    {
        Assert.Equal(
            "Invalid according to Policy: Policy Condition failed: [\"content-length-range\", \"test\", \"10\"]",
            Check("[\"content-length-range\", \"test\", \"10\"]"));
    }

    [Fact]
    public void A_failed_condition_is_quoted_as_the_policy_spells_it()
    {
        Assert.Equal(
            "Invalid according to Policy: Policy Condition failed: [\"eq\", \"$Content-Disposition\", \"filename=\\\"test.png\\\"\"]",
            Check("[\"eq\", \"$Content-Disposition\", \"filename=\\\"test.png\\\"\"]", ("Content-Disposition", "inline")));
    }
}
