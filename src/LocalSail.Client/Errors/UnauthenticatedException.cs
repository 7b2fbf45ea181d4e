namespace LocalSail.Client.Errors;

/// <summary>The model's <c>UnauthenticatedException</c>.</summary>
public sealed class UnauthenticatedException : LightsailException
{
    public UnauthenticatedException(LightsailErrorDetails details)
        : base(details)
    {
    }

    public UnauthenticatedException()
    {
    }

    public UnauthenticatedException(string message)
        : base(message)
    {
    }

    public UnauthenticatedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
