namespace LocalSail.Client.Configuration;

/// <summary>
/// The INI files of the AWS tools. In <c>credentials</c> a section is the profile's name; in
/// <c>config</c> it is <c>[profile NAME]</c>, except <c>[default]</c>.
/// </summary>
public sealed class ProfileFile
{
    private readonly Dictionary<string, Dictionary<string, string>> _profiles;

    private ProfileFile(Dictionary<string, Dictionary<string, string>> profiles) => _profiles = profiles;

    public static ProfileFile Empty { get; } = new(new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal));

    public static ProfileFile Load(string? path, bool isConfigFile) =>
        path is not null && File.Exists(path) ? Parse(File.ReadAllText(path), isConfigFile) : Empty;

    public static ProfileFile Parse(string text, bool isConfigFile)
    {
        var profiles = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
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
                var end = trimmed.IndexOf(']', StringComparison.Ordinal);
                if (end < 0)
                {
                    continue;
                }

                var name = SectionToProfile(trimmed[1..end].Trim(), isConfigFile);
                if (name is not null)
                {
                    if (!profiles.TryGetValue(name, out current))
                    {
                        current = new Dictionary<string, string>(StringComparer.Ordinal);
                        profiles[name] = current;
                    }
                }

                continue;
            }

            // Indented lines continue a nested setting (such as s3 = ...), which no setting here uses.
            if (current is null || char.IsWhiteSpace(line[0]))
            {
                continue;
            }

            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            current[trimmed[..equals].Trim().ToLowerInvariant()] = StripComment(trimmed[(equals + 1)..].Trim());
        }

        return new ProfileFile(profiles);
    }

    public bool HasProfile(string profile) => _profiles.ContainsKey(profile);

    public string? Get(string profile, string key) =>
        _profiles.TryGetValue(profile, out var settings) && settings.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

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
