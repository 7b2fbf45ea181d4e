using System.Net;
using System.Text.Json.Serialization;

namespace LocalSail.Lightsail.Model;

/// <summary>What every response carries besides its members: the service's request id and HTTP status.</summary>
public abstract class LightsailResponse
{
    [JsonIgnore]
    public string? RequestId { get; set; }

    [JsonIgnore]
    public HttpStatusCode HttpStatusCode { get; set; }
}
