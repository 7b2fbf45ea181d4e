namespace LocalSail.Client.Errors;

/// <summary>The model's <c>RegionSetupInProgressException</c>.</summary>
public sealed class RegionSetupInProgressException : LightsailException
{
    public RegionSetupInProgressException(LightsailErrorDetails details)
        : base(details)
    {
    }

    public RegionSetupInProgressException()
    {
    }

    public RegionSetupInProgressException(string message)
        : base(message)
    {
    }

    public RegionSetupInProgressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
