namespace LocalSail.Client.Configuration;

/// <summary>The client cannot be set up: no credentials, no region, or a named profile that does not exist.</summary>
public sealed class LightsailConfigurationException : Exception
{
    public LightsailConfigurationException()
    {
    }

    public LightsailConfigurationException(string message)
        : base(message)
    {
    }

    public LightsailConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
