using System.Collections;
using Microsoft.Extensions.Configuration;

namespace LocalSail.Server.Hosting;

/// <summary>
/// Binds <see cref="LocalSailOptions"/> from configuration: the <c>LOCALSAIL_*</c> environment variables,
/// and whatever else a host adds on top (the command line, mapped onto the same keys, wins).
/// </summary>
public static class LocalSailConfiguration
{
    /// <summary>
    /// Adds the <c>LOCALSAIL_*</c> variables under the <c>LocalSail</c> section: <c>LOCALSAIL_DATA_DIR</c> sets
    /// <c>LocalSail:DataDir</c> (words joined, case ignored), and a double underscore nests, as in the
    /// standard provider (<c>LOCALSAIL_ACCOUNTS__0__ACCOUNT_ID</c>).
    /// </summary>
    public static IConfigurationBuilder AddLocalSailEnvironmentVariables(this IConfigurationBuilder builder, IDictionary? variables = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in variables ?? Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && name.StartsWith(LocalSailSetting.EnvironmentPrefix, StringComparison.Ordinal) && name.Length > LocalSailSetting.EnvironmentPrefix.Length)
            {
                var path = name[LocalSailSetting.EnvironmentPrefix.Length..]
                    .Split("__")
                    .Select(segment => segment.Replace("_", string.Empty, StringComparison.Ordinal));
                data[LocalSailOptions.SectionName + ConfigurationPath.KeyDelimiter + string.Join(ConfigurationPath.KeyDelimiter, path)] = entry.Value as string;
            }
        }

        return builder.AddInMemoryCollection(data);
    }

    /// <summary>
    /// The options the configuration describes, or a <see cref="LocalSailConfigurationException"/> naming each
    /// value that is not of its setting's type. Whether the values make sense together is
    /// <see cref="LocalSailOptionsValidator"/>'s question.
    /// </summary>
    public static LocalSailOptions Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(LocalSailOptions.SectionName);
        var errors = new List<string>();
        foreach (var setting in LocalSailSetting.All)
        {
            if (section[setting.Key] is { } value && !setting.Accepts(value))
            {
                errors.Add($"{setting.DisplayName} must be {setting.ValueDescription}, not '{value}'.");
            }
        }

        if (errors.Count > 0)
        {
            throw new LocalSailConfigurationException(string.Join(Environment.NewLine, errors));
        }

        var options = new LocalSailOptions();
        section.Bind(options);
        foreach (var setting in LocalSailSetting.All)
        {
            // A list given as one value (an option or a variable) is comma-separated; nested keys bind as they are.
            if (setting.IsList && section[setting.Key] is { } list)
            {
                setting.Property.SetValue(options, list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return options;
    }
}
