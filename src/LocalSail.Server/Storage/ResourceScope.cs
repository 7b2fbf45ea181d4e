namespace LocalSail.Server.Storage;

/// <summary>The partition every resource lives in: one account in one region.</summary>
internal readonly record struct ResourceScope(string AccountId, string Region);
