namespace LocalSail.Client.Errors;

/// <summary>The model's <c>OperationFailureException</c>.</summary>
public sealed class OperationFailureException : LightsailException
{
    public OperationFailureException(LightsailErrorDetails details)
        : base(details)
    {
    }

    public OperationFailureException()
    {
    }

    public OperationFailureException(string message)
        : base(message)
    {
    }

    public OperationFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
