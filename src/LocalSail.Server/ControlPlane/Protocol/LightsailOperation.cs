using System.Text.Json;
using LocalSail.Lightsail.Model.Shapes;

namespace LocalSail.Server.ControlPlane.Protocol;

/// <summary>One operation of the Lightsail API, found by its wire name in the dispatch table.</summary>
internal interface ILightsailOperation
{
    /// <summary>The operation of the generated model this handles: its wire name and input shape.</summary>
    OperationModel Model { get; }

    /// <summary>The wire name, as in <c>X-Amz-Target: Lightsail_20161128.&lt;Name&gt;</c>.</summary>
    string Name => Model.Name;

    Shape Input => Model.Input;

    /// <summary>Runs the operation on an input that has passed validation against <see cref="Input"/>.</summary>
    Task<LightsailResponse> InvokeAsync(JsonElement input, LightsailRequestContext context);
}

/// <summary>
/// A typed operation of the generated model: reads its <typeparamref name="TRequest"/>, answers its
/// <typeparamref name="TResult"/> or an error. The model's record types are the handler's, or it does not compile.
/// </summary>
internal abstract class LightsailOperation<TRequest, TResult>(OperationModel<TRequest, TResult> model) : ILightsailOperation
    where TResult : class
{
    public OperationModel Model => model;

    /// <summary>Runs the operation; the request's required members are present (validation has seen them).</summary>
    protected abstract Task<Outcome<TResult>> HandleAsync(TRequest request, LightsailRequestContext context);

    public Task<LightsailResponse> InvokeAsync(JsonElement input, LightsailRequestContext context) =>
        RespondAsync(input.Deserialize(model.RequestType())!, context);

    /// <summary>
    /// Runs the operation and serializes its answer. An operation that keeps parts of its answer serialized
    /// writes the answer itself (the same bytes).
    /// </summary>
    protected virtual async Task<LightsailResponse> RespondAsync(TRequest request, LightsailRequestContext context)
    {
        var outcome = await HandleAsync(request, context);
        return outcome.Error is { } error
            ? LightsailResponse.Failure(error)
            : LightsailResponse.Success(JsonSerializer.SerializeToUtf8Bytes(outcome.Value!, model.ResponseType()));
    }
}

/// <summary>A result or the error that stands in its place.</summary>
internal readonly struct Outcome<T>
    where T : class
{
    private Outcome(T? value, LightsailError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public LightsailError? Error { get; }

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(LightsailError error) => new(null, error);
}

/// <summary>What the endpoint writes: a serialized body, or an error.</summary>
internal sealed record LightsailResponse(byte[]? Body, LightsailError? Error)
{
    public static LightsailResponse Success(byte[] body) => new(body, null);

    public static LightsailResponse Failure(LightsailError error) => new(null, error);
}
