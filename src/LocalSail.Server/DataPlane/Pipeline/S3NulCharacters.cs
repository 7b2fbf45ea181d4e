using LocalSail.Server.Storage;
using LocalSail.Signing;

namespace LocalSail.Server.DataPlane.Pipeline;

/// <summary>
/// The validate stage's check of every text an S3 request can carry into the metadata store (its key, its query's
/// values, <c>x-amz-copy-source</c> as decoded, a POST form's fields) for U+0000 (<see cref="StorableText"/>):
/// InvalidArgument naming the argument. The value is not echoed: an XML answer cannot carry it.
/// </summary>
internal static class S3NulCharacters
{
    public static S3Error? Refusal(S3RequestContext context)
    {
        if (StorableText.HasNul(context.Route.Key))
        {
            return Refused("key", "Object key");
        }

        foreach (var (name, values) in context.Request.Query)
        {
            // StringValues' own enumerator: nothing allocated for the request's parameters.
            foreach (var value in values)
            {
                if (StorableText.HasNul(value))
                {
                    return Refused(name, $"The {name} parameter");
                }
            }
        }

        if (context.Route.Operation is S3Operation.CopyObject or S3Operation.UploadPartCopy
            && StorableText.HasNul(UriEncoding.Decode(context.Header("x-amz-copy-source") ?? string.Empty)))
        {
            return Refused("x-amz-copy-source", "Copy Source");
        }

        foreach (var (name, value) in context.PostForm?.Fields ?? [])
        {
            if (StorableText.HasNul(name))
            {
                return Refused(null, "A form field's name");
            }

            if (StorableText.HasNul(value))
            {
                return Refused(name, $"The form field {name}");
            }
        }

        return null;
    }

    private static S3Error Refused(string? argument, string what)
    {
        var error = S3Error.InvalidArgument.WithMessage($"{what} must not contain {StorableText.NulCharacter}.");
        return argument is null ? error : error.With("ArgumentName", argument);
    }
}
