using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>AccountLevelBpaSyncStatus</c> enumeration; <see cref="Unrecognized"/> stands for a value this version does not know.</summary>
[JsonConverter(typeof(AccountLevelBpaSyncStatusJsonConverter))]
public enum AccountLevelBpaSyncStatus
{
    Unrecognized = 0,
    InSync,
    Failed,
    NeverSynced,
    Defaulted,
}

/// <summary>Converts <see cref="AccountLevelBpaSyncStatus"/> to and from its wire names.</summary>
public sealed class AccountLevelBpaSyncStatusJsonConverter : JsonConverter<AccountLevelBpaSyncStatus>
{
    public static string ToWireName(AccountLevelBpaSyncStatus value) => value switch
    {
        AccountLevelBpaSyncStatus.InSync => "InSync",
        AccountLevelBpaSyncStatus.Failed => "Failed",
        AccountLevelBpaSyncStatus.NeverSynced => "NeverSynced",
        AccountLevelBpaSyncStatus.Defaulted => "Defaulted",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "An unrecognized AccountLevelBpaSyncStatus cannot be sent."),
    };

    public static AccountLevelBpaSyncStatus FromWireName(string? name) => name switch
    {
        "InSync" => AccountLevelBpaSyncStatus.InSync,
        "Failed" => AccountLevelBpaSyncStatus.Failed,
        "NeverSynced" => AccountLevelBpaSyncStatus.NeverSynced,
        "Defaulted" => AccountLevelBpaSyncStatus.Defaulted,
        _ => AccountLevelBpaSyncStatus.Unrecognized,
    };

    public override AccountLevelBpaSyncStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromWireName(reader.GetString());

    public override void Write(Utf8JsonWriter writer, AccountLevelBpaSyncStatus value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWireName(value));
}
