namespace LocalSail.Cli.Lightsail;

/// <summary>The command line or its input is wrong; the AWS CLI exits with 252 for these.</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException()
    {
    }

    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
