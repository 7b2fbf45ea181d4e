using System.Collections;
using System.CommandLine;
using System.CommandLine.Parsing;
using LocalSail.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace LocalSail.Cli.Serve;

/// <summary>
/// <c>serve</c>'s options, one for each <see cref="LocalSailSetting"/> that the command line may give. A value
/// given on the command line is mapped onto the setting's configuration key, over the <c>LOCALSAIL_*</c>
/// variables; both are then bound by <see cref="LocalSailConfiguration"/>, so defaults and rules live in
/// <see cref="LocalSailOptions"/> alone.
/// </summary>
internal sealed class ServeCommandLine
{
    private readonly List<(LocalSailSetting Setting, Option Option)> _options = [];

    public ServeCommandLine()
    {
        foreach (var setting in LocalSailSetting.All.Where(s => !s.EnvironmentOnly && s.IsScalar))
        {
            Option option = setting.ValueType == typeof(bool)
                ? new Option<bool>(setting.OptionName)
                : new Option<string>(setting.OptionName) { HelpName = HelpName(setting) };
            option.Description = $"{setting.Description} [{Facts(setting)}]";
            _options.Add((setting, option));
        }
    }

    public IEnumerable<Option> Options => _options.Select(o => o.Option);

    /// <summary>What <c>serve --help</c> says about the settings that only the environment gives.</summary>
    public static string EnvironmentOnlyHelp() =>
        string.Join(Environment.NewLine, LocalSailSetting.All.Where(s => s.EnvironmentOnly).Select(s =>
            $"  {s.EnvironmentVariable,-29} {s.Description}{(s.DefaultText is null ? string.Empty : $" [default: {s.DefaultText}]")}"));

    /// <summary>The options from the environment's <c>LOCALSAIL_*</c> variables and this command line, which wins.</summary>
    public LocalSailOptions Bind(ParseResult parse, IDictionary? environment = null)
    {
        var given = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (setting, option) in _options)
        {
            if (parse.GetResult(option) is OptionResult { Implicit: false } result)
            {
                given[LocalSailOptions.SectionName + ConfigurationPath.KeyDelimiter + setting.Key] = option is Option<bool> flag
                    ? (parse.GetValue(flag) ? "true" : "false")
                    : result.Tokens.LastOrDefault()?.Value;
            }
        }

        var configuration = new ConfigurationBuilder()
            .AddLocalSailEnvironmentVariables(environment)
            .AddInMemoryCollection(given)
            .Build();
        return LocalSailConfiguration.Bind(configuration);
    }

    private static string HelpName(LocalSailSetting setting) =>
        setting.ValueType.IsEnum ? string.Join('|', Enum.GetNames(setting.ValueType)) : setting.OptionName[2..];

    private static string Facts(LocalSailSetting setting) =>
        setting.DefaultText is null ? $"env: {setting.EnvironmentVariable}" : $"default: {setting.DefaultText}; env: {setting.EnvironmentVariable}";
}
