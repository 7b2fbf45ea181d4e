namespace LocalSail.Client.Configuration;

/// <summary>
/// The INI files of the AWS tools. In <c>credentials</c> a section is the profile's name; in
/// <c>config</c> it is <c>[profile NAME]</c>, except <c>[default]</c>.
/// </summary>
public sealed class ProfileFile
{
    private readonly Dictionary<string, Dictionary<string, string>> _profiles;
    private readonly Dictionary<string, Dictionary<string, string>> _services;

    private ProfileFile(Dictionary<string, Dictionary<string, string>> profiles, Dictionary<string, Dictionary<string, string>> services)
    {
        _profiles = profiles;
        _services = services;
    }

    public static ProfileFile Empty { get; } = new(
        new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal),
        new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal));

    public static ProfileFile Load(string? path, bool isConfigFile) =>
        path is not null && File.Exists(path) ? Parse(File.ReadAllText(path), isConfigFile) : Empty;

    /// <summary>
    /// Reads the profiles and, in a config file, the <c>[services NAME]</c> sections. A setting whose value is
    /// empty and is followed by indented lines holds nested settings, kept as <c>setting.nested</c>
    /// (<c>lightsail =</c> then <c>  endpoint_url = ...</c> is <c>lightsail.endpoint_url</c>), as botocore reads them.
    /// </summary>
    public static ProfileFile Parse(string text, bool isConfigFile)
    {
        ArgumentNullException.ThrowIfNull(text);
        var profiles = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var services = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        string? nestedUnder = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (trimmed[0] == '[')
            {
                current = null;
                nestedUnder = null;
                var end = trimmed.IndexOf(']', StringComparison.Ordinal);
                if (end < 0)
                {
                    continue;
                }

                var section = trimmed[1..end].Trim();
                if (isConfigFile && ServicesSectionName(section) is { } servicesName)
                {
                    current = SectionIn(services, servicesName);
                }
                else if (SectionToProfile(section, isConfigFile) is { } name)
                {
                    current = SectionIn(profiles, name);
                }

                continue;
            }

            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (current is null || equals <= 0)
            {
                continue;
            }

            var key = trimmed[..equals].Trim().ToLowerInvariant();
            var value = StripComment(trimmed[(equals + 1)..].Trim());
            if (char.IsWhiteSpace(line[0]))
            {
                // An indented line belongs to the nested block of the setting above it, if that one opened a block.
                if (nestedUnder is not null)
                {
                    current[nestedUnder + "." + key] = value;
                }

                continue;
            }

            current[key] = value;
            nestedUnder = value.Length == 0 ? key : null;
        }

        return new ProfileFile(profiles, services);
    }

    public bool HasProfile(string profile) => _profiles.ContainsKey(profile);

    public string? Get(string profile, string key) =>
        _profiles.TryGetValue(profile, out var settings) && settings.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    /// <summary>Whether the config file has a <c>[services NAME]</c> section.</summary>
    public bool HasServices(string name) => _services.ContainsKey(name);

    /// <summary>A service's nested setting in a <c>[services NAME]</c> section, e.g. <c>lightsail</c>'s <c>endpoint_url</c>.</summary>
    public string? GetServiceSetting(string servicesName, string service, string key) =>
        _services.TryGetValue(servicesName, out var settings) && settings.TryGetValue(service + "." + key, out var value) && value.Length > 0 ? value : null;

    private static Dictionary<string, string> SectionIn(Dictionary<string, Dictionary<string, string>> sections, string name)
    {
        if (!sections.TryGetValue(name, out var section))
        {
            section = new Dictionary<string, string>(StringComparer.Ordinal);
            sections[name] = section;
        }

        return section;
    }

    private static string? ServicesSectionName(string section)
    {
        const string Prefix = "services ";
        return section.StartsWith(Prefix, StringComparison.Ordinal) ? section[Prefix.Length..].Trim() : null;
    }

    private static string? SectionToProfile(string section, bool isConfigFile)
    {
        if (!isConfigFile)
        {
            return section;
        }

        if (section == "default")
        {
            return section;
        }

        const string Prefix = "profile ";
        return section.StartsWith(Prefix, StringComparison.Ordinal) ? section[Prefix.Length..].Trim() : null;
    }

    // An inline comment needs whitespace before its '#' or ';' so secrets containing them survive.
    private static string StripComment(string value)
    {
        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] is '#' or ';' && char.IsWhiteSpace(value[i - 1]))
            {
                return value[..i].TrimEnd();
            }
        }

        return value;
    }
}
