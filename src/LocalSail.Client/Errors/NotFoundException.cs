namespace LocalSail.Client.Errors;

/// <summary>The model's <c>NotFoundException</c>.</summary>
public sealed class NotFoundException : LightsailException
{
    public NotFoundException(LightsailErrorDetails details)
        : base(details)
    {
    }

    public NotFoundException()
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
