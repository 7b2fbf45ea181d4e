namespace LocalSail.Client.Configuration;

/// <summary>
/// Where settings come from besides the code: environment variables and the home directory that holds
/// <c>.aws/credentials</c> and <c>.aws/config</c>. Tests pass their own instead of the process's.
/// </summary>
public sealed class AwsEnvironment
{
    public static AwsEnvironment Process { get; } = new(
        System.Environment.GetEnvironmentVariable,
        System.Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home
            ? home
            : System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile));

    public AwsEnvironment(Func<string, string?> getVariable, string? homeDirectory)
    {
        GetVariable = getVariable;
        HomeDirectory = homeDirectory;
    }

    /// <summary>An environment with only these variables and no home directory, unless one is given.</summary>
    public static AwsEnvironment FromVariables(IReadOnlyDictionary<string, string> variables, string? homeDirectory = null) =>
        new(name => variables.TryGetValue(name, out var value) ? value : null, homeDirectory);

    public Func<string, string?> GetVariable { get; }

    public string? HomeDirectory { get; }

    /// <summary>A variable's value, or null when it is unset or empty (as the AWS tools treat empty).</summary>
    public string? Get(string name) => GetVariable(name) is { Length: > 0 } value ? value : null;

    public string? CredentialsFilePath => ExpandHome(Get("AWS_SHARED_CREDENTIALS_FILE")) ?? InHome("credentials");

    public string? ConfigFilePath => ExpandHome(Get("AWS_CONFIG_FILE")) ?? InHome("config");

    private string? InHome(string fileName) =>
        HomeDirectory is null ? null : Path.Combine(HomeDirectory, ".aws", fileName);

    private string? ExpandHome(string? path)
    {
        if (path is null || HomeDirectory is null || !path.StartsWith('~'))
        {
            return path;
        }

        return HomeDirectory + path[1..];
    }
}
