namespace LocalSail.Client.Errors;

/// <summary>The model's <c>InvalidInputException</c>.</summary>
public sealed class InvalidInputException : LightsailException
{
    public InvalidInputException(LightsailErrorDetails details)
        : base(details)
    {
    }

    public InvalidInputException()
    {
    }

    public InvalidInputException(string message)
        : base(message)
    {
    }

    public InvalidInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
