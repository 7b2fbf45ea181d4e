using System.Text.Json;
using LocalSail.Lightsail.Model.Serialization;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.ControlPlane.Protocol;

/// <summary>Writes a Lightsail error in the AWS JSON 1.1 form: <c>__type</c> in the body and <c>x-amzn-ErrorType</c>.</summary>
internal static class LightsailErrorWriter
{
    public static byte[] Serialize(LightsailError error) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new LightsailErrorBody { Type = error.Type, Code = error.Code, Docs = LightsailError.Docs, Message = error.Message, Tip = error.Tip },
            LightsailJsonContext.Default.LightsailErrorBody);

    public static Task WriteAsync(HttpResponse response, LightsailError error)
    {
        response.StatusCode = error.Status;
        response.Headers["x-amzn-ErrorType"] = error.Type;
        return LightsailEndpoint.WriteBodyAsync(response, Serialize(error));
    }
}
