namespace LocalSail.Cli.Lightsail;

/// <summary>The AWS CLI's exit codes, so scripts written for it read ours the same way.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command line could not be parsed or its parameters failed validation.</summary>
    public const int UsageError = 252;

    /// <summary>The configuration is unusable: no credentials, no region, an unknown profile.</summary>
    public const int ConfigurationError = 253;

    /// <summary>The service answered with an error.</summary>
    public const int ServiceError = 254;

    /// <summary>Anything else, such as an endpoint that cannot be reached.</summary>
    public const int OtherError = 255;
}
