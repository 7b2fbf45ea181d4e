namespace LocalSail.Client.Errors;

/// <summary>The model's <c>ServiceException</c>.</summary>
public sealed class ServiceException : LightsailException
{
    public ServiceException(LightsailErrorDetails details)
        : base(details)
    {
    }

    public ServiceException()
    {
    }

    public ServiceException(string message)
        : base(message)
    {
    }

    public ServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
