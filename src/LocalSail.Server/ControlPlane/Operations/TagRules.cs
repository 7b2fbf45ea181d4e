using LocalSail.Lightsail.Model;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>Lightsail's tag rules: keys of 1-128 characters, values up to 256, at most 50 tags, no duplicate keys.</summary>
internal static class TagRules
{
    public const int MaxTags = 50;

    public static List<BucketTag> Validate(IEnumerable<Tag> tags, out string? error)
    {
        var result = new List<BucketTag>();
        foreach (var tag in tags)
        {
            if (string.IsNullOrEmpty(tag.Key) || tag.Key.Length > 128)
            {
                error = "A tag key must be 1 to 128 characters.";
                return [];
            }

            if (tag.Value is { Length: > 256 })
            {
                error = $"The value of tag '{tag.Key}' is longer than 256 characters.";
                return [];
            }

            if (tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                error = "Tag keys beginning with 'aws:' are reserved.";
                return [];
            }

            result.RemoveAll(t => t.Key == tag.Key);
            result.Add(new BucketTag(tag.Key, tag.Value));
        }

        error = result.Count > MaxTags ? $"A resource can have at most {MaxTags} tags." : null;
        return result;
    }

    /// <summary>The tags after adding or replacing <paramref name="added"/>.</summary>
    public static List<BucketTag> Merge(IReadOnlyList<BucketTag> existing, IReadOnlyList<BucketTag> added)
    {
        var merged = existing.Where(t => added.All(a => a.Key != t.Key)).ToList();
        merged.AddRange(added);
        return merged;
    }
}
