using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>ResourceType</c> enumeration; <see cref="Unrecognized"/> stands for a value this version does not know.</summary>
[JsonConverter(typeof(ResourceTypeJsonConverter))]
public enum ResourceType
{
    Unrecognized = 0,
    ContainerService,
    Instance,
    StaticIp,
    KeyPair,
    InstanceSnapshot,
    Domain,
    PeeredVpc,
    LoadBalancer,
    LoadBalancerTlsCertificate,
    Disk,
    DiskSnapshot,
    RelationalDatabase,
    RelationalDatabaseSnapshot,
    ExportSnapshotRecord,
    CloudFormationStackRecord,
    Alarm,
    ContactMethod,
    Distribution,
    Certificate,
    Bucket,
}

/// <summary>Converts <see cref="ResourceType"/> to and from its wire names.</summary>
public sealed class ResourceTypeJsonConverter : JsonConverter<ResourceType>
{
    public static string ToWireName(ResourceType value) => value switch
    {
        ResourceType.ContainerService => "ContainerService",
        ResourceType.Instance => "Instance",
        ResourceType.StaticIp => "StaticIp",
        ResourceType.KeyPair => "KeyPair",
        ResourceType.InstanceSnapshot => "InstanceSnapshot",
        ResourceType.Domain => "Domain",
        ResourceType.PeeredVpc => "PeeredVpc",
        ResourceType.LoadBalancer => "LoadBalancer",
        ResourceType.LoadBalancerTlsCertificate => "LoadBalancerTlsCertificate",
        ResourceType.Disk => "Disk",
        ResourceType.DiskSnapshot => "DiskSnapshot",
        ResourceType.RelationalDatabase => "RelationalDatabase",
        ResourceType.RelationalDatabaseSnapshot => "RelationalDatabaseSnapshot",
        ResourceType.ExportSnapshotRecord => "ExportSnapshotRecord",
        ResourceType.CloudFormationStackRecord => "CloudFormationStackRecord",
        ResourceType.Alarm => "Alarm",
        ResourceType.ContactMethod => "ContactMethod",
        ResourceType.Distribution => "Distribution",
        ResourceType.Certificate => "Certificate",
        ResourceType.Bucket => "Bucket",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "An unrecognized ResourceType cannot be sent."),
    };

    public static ResourceType FromWireName(string? name) => name switch
    {
        "ContainerService" => ResourceType.ContainerService,
        "Instance" => ResourceType.Instance,
        "StaticIp" => ResourceType.StaticIp,
        "KeyPair" => ResourceType.KeyPair,
        "InstanceSnapshot" => ResourceType.InstanceSnapshot,
        "Domain" => ResourceType.Domain,
        "PeeredVpc" => ResourceType.PeeredVpc,
        "LoadBalancer" => ResourceType.LoadBalancer,
        "LoadBalancerTlsCertificate" => ResourceType.LoadBalancerTlsCertificate,
        "Disk" => ResourceType.Disk,
        "DiskSnapshot" => ResourceType.DiskSnapshot,
        "RelationalDatabase" => ResourceType.RelationalDatabase,
        "RelationalDatabaseSnapshot" => ResourceType.RelationalDatabaseSnapshot,
        "ExportSnapshotRecord" => ResourceType.ExportSnapshotRecord,
        "CloudFormationStackRecord" => ResourceType.CloudFormationStackRecord,
        "Alarm" => ResourceType.Alarm,
        "ContactMethod" => ResourceType.ContactMethod,
        "Distribution" => ResourceType.Distribution,
        "Certificate" => ResourceType.Certificate,
        "Bucket" => ResourceType.Bucket,
        _ => ResourceType.Unrecognized,
    };

    public override ResourceType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromWireName(reader.GetString());

    public override void Write(Utf8JsonWriter writer, ResourceType value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWireName(value));
}
