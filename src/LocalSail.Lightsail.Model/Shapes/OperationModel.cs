using System.Text.Json.Serialization.Metadata;

namespace LocalSail.Lightsail.Model.Shapes;

/// <summary>An operation of the model: its wire name, input and output shapes, and how the AWS CLI pages it.</summary>
internal record OperationModel(string Name, Shape Input, Shape Output, Paginator? Paginator = null);

/// <summary>
/// An operation with the records generated for its input and output, and their JSON contracts (asked for on
/// use, so that none is built before its operation is called).
/// </summary>
internal sealed record OperationModel<TRequest, TResponse>(
    string Name,
    Shape Input,
    Shape Output,
    Func<JsonTypeInfo<TRequest>> RequestType,
    Func<JsonTypeInfo<TResponse>> ResponseType,
    Paginator? Paginator = null)
    : OperationModel(Name, Input, Output, Paginator);

/// <summary>How botocore pages an operation: which input token, output token and result list.</summary>
internal sealed record Paginator(string InputToken, string OutputToken, string ResultKey);
