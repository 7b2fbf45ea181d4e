namespace LocalSail.Client.Errors;

/// <summary>The model's <c>AccountSetupInProgressException</c>.</summary>
public sealed class AccountSetupInProgressException : LightsailException
{
    public AccountSetupInProgressException(LightsailErrorDetails details)
        : base(details)
    {
    }

    public AccountSetupInProgressException()
    {
    }

    public AccountSetupInProgressException(string message)
        : base(message)
    {
    }

    public AccountSetupInProgressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
