namespace LocalSail.Server.DataPlane.PostForms;

/// <summary>
/// A POST Object form as far as its <c>file</c> field: the fields before it (names as sent, values with
/// <c>${filename}</c> replaced), the file's name, and the file's bytes still to be read from the request.
/// Fields after the file are never read, as S3 ignores them.
/// </summary>
internal sealed class PostForm(IReadOnlyList<KeyValuePair<string, string>> fields, string? fileName, Stream file)
{
    /// <summary>S3's limit on the form before the file: its fields and boundaries, 20 KB.</summary>
    public const int MaxPreFileBytes = 20 * 1024;

    public const string FileFieldName = "file";

    /// <summary>The fields before the file, in order; a name sent twice is one field, its values joined by commas.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; } = fields;

    /// <summary>The file's name without any path; null when the file part named none.</summary>
    public string? FileName { get; } = fileName;

    /// <summary>The file's bytes, read once, as they arrive.</summary>
    public Stream File { get; } = file;

    /// <summary>A field's value; names are compared without regard to case, as S3 compares them.</summary>
    public string? Field(string name)
    {
        foreach (var (fieldName, value) in Fields)
        {
            if (fieldName.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>
    /// The form's fields as S3 sees them: <c>${filename}</c> replaced in every value by the file's name (the text
    /// after its last slash or backslash), unless the file part names no file; fields of one name joined.
    /// </summary>
    public static PostForm Create(IReadOnlyList<KeyValuePair<string, string>> sent, string? fileNameAsSent, Stream file)
    {
        var fileName = fileNameAsSent is null ? null : fileNameAsSent[(fileNameAsSent.LastIndexOfAny(['/', '\\']) + 1)..];
        var fields = new List<KeyValuePair<string, string>>(sent.Count);
        foreach (var (name, sentValue) in sent)
        {
            var value = fileName is null ? sentValue : sentValue.Replace("${filename}", fileName, StringComparison.Ordinal);
            var existing = fields.FindIndex(f => f.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (existing < 0)
            {
                fields.Add(new(name, value));
            }
            else
            {
                fields[existing] = new(fields[existing].Key, fields[existing].Value + "," + value);
            }
        }

        return new PostForm(fields, fileName, file);
    }
}
