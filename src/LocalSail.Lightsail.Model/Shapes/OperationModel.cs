namespace LocalSail.Lightsail.Model.Shapes;

/// <summary>An operation of the model: its wire name, input and output shapes, and how the AWS CLI pages it.</summary>
internal sealed record OperationModel(string Name, Shape Input, Shape Output, Paginator? Paginator = null);

/// <summary>How botocore pages an operation: which input token, output token and result list.</summary>
internal sealed record Paginator(string InputToken, string OutputToken, string ResultKey);
