namespace LocalSail.Client.Errors;

/// <summary>The model's <c>AccessDeniedException</c>.</summary>
public sealed class AccessDeniedException : LightsailException
{
    public AccessDeniedException(LightsailErrorDetails details)
        : base(details)
    {
    }

    public AccessDeniedException()
    {
    }

    public AccessDeniedException(string message)
        : base(message)
    {
    }

    public AccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
