using System.Text.Json;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Model;

namespace LocalSail.Server.Tests.ControlPlane.Model;

public sealed class ShapeValidatorTests
{
    [Theory]
    [InlineData("""{"bucketName":"my-bucket","bundleId":"small_1_0"}""", null)]
    [InlineData("""{"bundleId":"small_1_0"}""", "Value null at 'bucketName' failed to satisfy constraint: Member must not be null")]
    [InlineData("""{"bucketName":null,"bundleId":"small_1_0"}""", "Value null at 'bucketName'")]
    [InlineData("""{"bucketName":"ab","bundleId":"small_1_0"}""", "at 'bucketName' failed to satisfy constraint: Member must have length greater than or equal to 3")]
    [InlineData("""{"bucketName":"My-Bucket","bundleId":"small_1_0"}""", "at 'bucketName' failed to satisfy constraint: Member must satisfy regular expression pattern")]
    [InlineData("""{"bucketName":"my-bucket-","bundleId":"small_1_0"}""", "regular expression pattern")]
    [InlineData("""{"bucketName":"my-bucket\n","bundleId":"small_1_0"}""", "regular expression pattern")]
    [InlineData("""{"bucketName":123,"bundleId":"small_1_0"}""", "Value at 'bucketName' failed to satisfy constraint: Member must be a string")]
    [InlineData("""{"bucketName":"my-bucket","bundleId":"   "}""", "at 'bundleId' failed to satisfy constraint: Member must satisfy regular expression pattern")]
    [InlineData("""{"bucketName":"my-bucket","bundleId":"small_1_0","enableObjectVersioning":"yes"}""", "at 'enableObjectVersioning' failed to satisfy constraint: Member must be a boolean")]
    [InlineData("""{"bucketName":"my-bucket","bundleId":"small_1_0","tags":{}}""", "at 'tags' failed to satisfy constraint: Member must be a list")]
    [InlineData("""{"bucketName":"my-bucket","bundleId":"small_1_0","tags":[{"key":5}]}""", "at 'tags.1.member.key'")]
    public void Create_bucket_input(string json, string? expected) => AssertValidation(LightsailShapes.CreateBucketRequest, json, expected);

    [Theory]
    [InlineData("""{"bucketName":"my-bucket","accessRules":{"getObject":"public"}}""", null)]
    [InlineData("""{"bucketName":"my-bucket","accessRules":{"getObject":"open"}}""", "at 'accessRules.getObject' failed to satisfy constraint: Member must satisfy enum value set: [public, private]")]
    [InlineData("""{"bucketName":"my-bucket","accessLogConfig":{}}""", "Value null at 'accessLogConfig.enabled'")]
    [InlineData("""{"bucketName":"my-bucket","readonlyAccessAccounts":["1","2","3","4","5","6","7","8","9","10","11"]}""", "at 'readonlyAccessAccounts' failed to satisfy constraint: Member must have length less than or equal to 10")]
    [InlineData("""{"bucketName":"my-bucket","cors":{"rules":[{"allowedMethods":["PATCH"],"allowedOrigins":["*"]}]}}""", "at 'cors.rules.1.member.allowedMethods.1.member'")]
    public void Update_bucket_input(string json, string? expected) => AssertValidation(LightsailShapes.UpdateBucketRequest, json, expected);

    [Theory]
    [InlineData("""{"bucketName":"b-1","metricName":"BucketSizeBytes","startTime":1700000000,"endTime":1700086400,"period":3600,"statistics":["Sum"],"unit":"Bytes"}""", null)]
    [InlineData("""{"bucketName":"b-1","metricName":"BucketSizeBytes","startTime":"2025-01-01T00:00:00Z","endTime":1700086400,"period":3600,"statistics":["Sum"],"unit":"Bytes"}""", null)]
    [InlineData("""{"bucketName":"b-1","metricName":"BucketSizeBytes","startTime":true,"endTime":1700086400,"period":3600,"statistics":["Sum"],"unit":"Bytes"}""", "at 'startTime' failed to satisfy constraint")]
    [InlineData("""{"bucketName":"b-1","metricName":"BucketSizeBytes","startTime":1,"endTime":2,"period":59,"statistics":["Sum"],"unit":"Bytes"}""", "Value '59' at 'period' failed to satisfy constraint: Member must have value greater than or equal to 60")]
    [InlineData("""{"bucketName":"b-1","metricName":"BucketSizeBytes","startTime":1,"endTime":2,"period":60.5,"statistics":["Sum"],"unit":"Bytes"}""", "at 'period' failed to satisfy constraint: Member must be an integer")]
    public void Metric_data_input(string json, string? expected) => AssertValidation(LightsailShapes.GetBucketMetricDataRequest, json, expected);

    [Theory]
    [InlineData("""{"resourceName":"my-bucket","tags":[]}""", null)]
    [InlineData("""{"resourceName":"my bucket","tags":[]}""", "at 'resourceName'")]
    [InlineData("""{"resourceName":"my-bucket","resourceArn":"not-an-arn","tags":[]}""", "at 'resourceArn'")]
    public void Tag_resource_input(string json, string? expected) => AssertValidation(LightsailShapes.TagResourceRequest, json, expected);

    /// <summary>PostgreSQL cannot keep U+0000, so no store is given it: refused wherever a string is, and not echoed.</summary>
    [Theory]
    [InlineData("TagResourceRequest", """{"resourceName":"my-bucket","tags":[{"key":"k","value":"a\u0000b"}]}""", "tags.1.member.value")]
    [InlineData("TagResourceRequest", """{"resourceName":"my-bucket","tags":[{"key":"\u0000"}]}""", "tags.1.member.key")]
    [InlineData("UntagResourceRequest", """{"resourceName":"my-bucket","tagKeys":["k\u0000"]}""", "tagKeys.1.member")]
    [InlineData("CreateBucketRequest", """{"bucketName":"my-bucket","bundleId":"small_1_0","tags":[{"key":"k","value":"\u0000"}]}""", "tags.1.member.value")]
    [InlineData("UpdateBucketRequest", """{"bucketName":"my-bucket","accessLogConfig":{"enabled":true,"destination":"logs","prefix":"p\u0000/"}}""", "accessLogConfig.prefix")]
    [InlineData("GetBucketsRequest", """{"pageToken":"\u0000"}""", "pageToken")]
    public void A_string_with_the_null_character_is_refused_naming_its_member(string shapeName, string json, string path)
    {
        var shape = (Shape)typeof(LightsailShapes).GetField(shapeName)!.GetValue(null)!;
        using var document = JsonDocument.Parse(json);

        var error = ShapeValidator.Validate(document.RootElement, shape);

        Assert.Equal($"Value at '{path}' failed to satisfy constraint: Member must not contain the null character (U+0000)", error);
    }

    private static void AssertValidation(Shape shape, string json, string? expected)
    {
        using var document = JsonDocument.Parse(json);
        var error = ShapeValidator.Validate(document.RootElement, shape);
        if (expected is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.NotNull(error);
            Assert.Contains(expected, error);
        }
    }
}
