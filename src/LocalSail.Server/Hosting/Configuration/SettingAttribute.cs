namespace LocalSail.Server.Hosting;

/// <summary>
/// Makes a property of <see cref="LocalSailOptions"/> a setting users can give: its description is the
/// help text, and its configuration key names the command-line option and the environment variable.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class SettingAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    /// <summary>
    /// Set only in the environment, never on the command line, where every user of the machine could read
    /// it (<c>ps</c>): the account's credentials.
    /// </summary>
    public bool EnvironmentOnly { get; init; }

    /// <summary>How to describe the default when the property's initial value does not say it (a computed path).</summary>
    public string? Default { get; init; }
}
