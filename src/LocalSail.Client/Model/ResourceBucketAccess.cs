using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>ResourceBucketAccess</c> enumeration; <see cref="Unrecognized"/> stands for a value this version does not know.</summary>
[JsonConverter(typeof(ResourceBucketAccessJsonConverter))]
public enum ResourceBucketAccess
{
    Unrecognized = 0,
    Allow,
    Deny,
}

/// <summary>Converts <see cref="ResourceBucketAccess"/> to and from its wire names.</summary>
public sealed class ResourceBucketAccessJsonConverter : JsonConverter<ResourceBucketAccess>
{
    public static string ToWireName(ResourceBucketAccess value) => value switch
    {
        ResourceBucketAccess.Allow => "allow",
        ResourceBucketAccess.Deny => "deny",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "An unrecognized ResourceBucketAccess cannot be sent."),
    };

    public static ResourceBucketAccess FromWireName(string? name) => name switch
    {
        "allow" => ResourceBucketAccess.Allow,
        "deny" => ResourceBucketAccess.Deny,
        _ => ResourceBucketAccess.Unrecognized,
    };

    public override ResourceBucketAccess Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromWireName(reader.GetString());

    public override void Write(Utf8JsonWriter writer, ResourceBucketAccess value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWireName(value));
}
