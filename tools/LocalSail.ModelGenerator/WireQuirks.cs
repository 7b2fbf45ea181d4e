namespace LocalSail.ModelGenerator;

/// <summary>What the service does on the wire that its model cannot say, and the generated code must.</summary>
internal static class WireQuirks
{
    /// <summary>
    /// Members written as <c>null</c> when they have no value, rather than left out: an access key never
    /// used has <c>"lastUsedDate": null</c> (the model's documentation: "This value is null if the access key
    /// has not been used").
    /// </summary>
    public static readonly IReadOnlySet<(string Shape, string Member)> WrittenAsNull = new HashSet<(string, string)> { ("AccessKeyLastUsed", "lastUsedDate") };
}
