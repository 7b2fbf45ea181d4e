using System.Text.Json;
using LocalSail.Server.ControlPlane.Model;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.ControlPlane.Protocol;

/// <summary>Writes a Lightsail error in the AWS JSON 1.1 form: <c>__type</c> in the body and <c>x-amzn-ErrorType</c>.</summary>
public static class LightsailErrorWriter
{
    public static byte[] Serialize(LightsailError error) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new ErrorBody(error.Type, error.Code, LightsailError.Docs, error.Message, error.Tip),
            LightsailJsonContext.Default.ErrorBody);

    public static Task WriteAsync(HttpResponse response, LightsailError error)
    {
        response.StatusCode = error.Status;
        response.Headers["x-amzn-ErrorType"] = error.Type;
        Hosting.ExpectContinue.CloseAfterError(response.HttpContext);
        return LightsailEndpoint.WriteBodyAsync(response, Serialize(error));
    }
}
