using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace LocalSail.Server.Hosting;

/// <summary>
/// One setting of <see cref="LocalSailOptions"/> as users name it. The configuration key (the property's
/// name, or its <see cref="ConfigurationKeyNameAttribute"/>) gives both the command-line option
/// (<c>DataDir</c>: <c>--data-dir</c>) and the environment variable (<c>LOCALSAIL_DATA_DIR</c>).
/// </summary>
public sealed class LocalSailSetting
{
    public const string EnvironmentPrefix = "LOCALSAIL_";

    private static readonly LocalSailOptions Defaults = new();

    private LocalSailSetting(PropertyInfo property, SettingAttribute setting)
    {
        Property = property;
        Key = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
        Description = setting.Description;
        EnvironmentOnly = setting.EnvironmentOnly;
        OptionName = "--" + Words(Key, '-').ToLowerInvariant();
        EnvironmentVariable = EnvironmentPrefix + Words(Key, '_').ToUpperInvariant();
        DefaultText = setting.Default ?? Format(property.GetValue(Defaults));
    }

    /// <summary>Every setting, in the order <see cref="LocalSailOptions"/> declares them.</summary>
    public static IReadOnlyList<LocalSailSetting> All { get; } =
        [.. typeof(LocalSailOptions).GetProperties()
            .Where(p => p.GetCustomAttribute<SettingAttribute>() is not null)
            .OrderBy(p => p.MetadataToken)
            .Select(p => new LocalSailSetting(p, p.GetCustomAttribute<SettingAttribute>()!))];

    public PropertyInfo Property { get; }

    /// <summary>The key under the <c>LocalSail</c> configuration section.</summary>
    public string Key { get; }

    public string Description { get; }

    /// <summary>Given in the environment only (credentials), never on the command line.</summary>
    public bool EnvironmentOnly { get; }

    /// <summary><c>--data-dir</c></summary>
    public string OptionName { get; }

    /// <summary><c>LOCALSAIL_DATA_DIR</c></summary>
    public string EnvironmentVariable { get; }

    /// <summary>The default as users read it; null when there is none.</summary>
    public string? DefaultText { get; }

    public Type ValueType => Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType;

    /// <summary>
    /// A single value (text, number, flag, choice), which a command-line option can give. A list or a section
    /// (several accounts, say) comes from the environment or configuration alone, as nested keys.
    /// </summary>
    public bool IsScalar => ValueType == typeof(string) || ValueType == typeof(int) || ValueType == typeof(bool) || ValueType == typeof(TimeSpan) || ValueType.IsEnum || IsList;

    /// <summary>A list of names, given as one comma-separated value.</summary>
    public bool IsList => ValueType == typeof(string[]);

    /// <summary>How an error names the setting: both ways of giving it, or the variable alone.</summary>
    public string DisplayName => EnvironmentOnly ? EnvironmentVariable : $"{OptionName} ({EnvironmentVariable})";

    /// <summary>What a value must look like, for help and error messages.</summary>
    public string ValueDescription => ValueType switch
    {
        var t when t == typeof(int) => "a whole number",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(TimeSpan) => "a duration as [d.]hh:mm:ss (00:01:00 is a minute)",
        var t when t == typeof(string[]) => "a comma-separated list",
        var t when t.IsEnum => "one of " + string.Join(", ", Enum.GetNames(t)),
        _ => "text",
    };

    public static LocalSailSetting Of(string propertyName) =>
        All.FirstOrDefault(s => s.Property.Name == propertyName)
        ?? throw new ArgumentException($"{propertyName} is not a setting of {nameof(LocalSailOptions)}.", nameof(propertyName));

    /// <summary>Whether configuration binding can turn <paramref name="value"/> into this setting's type.</summary>
    public bool Accepts(string value)
    {
        if (ValueType == typeof(string) || IsList || !IsScalar)
        {
            return true;
        }

        try
        {
            TypeDescriptor.GetConverter(ValueType).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException || ex.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }

    // "DataDir" -> "Data?Dir", "S3Host" -> "S3?Host": a word starts at a capital after a lower-case letter or a digit.
    private static string Words(string key, char separator)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i++)
        {
            if (i > 0 && char.IsUpper(key[i]) && (char.IsLower(key[i - 1]) || char.IsDigit(key[i - 1])))
            {
                text.Append(separator);
            }

            text.Append(key[i]);
        }

        return text.ToString();
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : null,
        string[] list => list.Length == 0 ? null : string.Join(',', list),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
