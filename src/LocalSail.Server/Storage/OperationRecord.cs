namespace LocalSail.Server.Storage;

/// <summary>A recorded Lightsail operation, as GetOperation returns it.</summary>
internal sealed record OperationRecord
{
    public required string Id { get; init; }

    public required ResourceScope Scope { get; init; }

    public required string ResourceName { get; init; }

    public string ResourceType { get; init; } = "Bucket";

    public required string OperationType { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string Status { get; init; } = "Succeeded";

    public required DateTimeOffset StatusChangedAt { get; init; }

    public bool IsTerminal { get; init; } = true;

    public string? OperationDetails { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorDetails { get; init; }
}
