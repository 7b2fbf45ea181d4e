using System.Globalization;
using System.Text;

namespace LocalSail.Server.DataPlane.Pipeline;

/// <summary>
/// The validate stage, once the request is known to be allowed (so that an unsigned or foreign request learns
/// nothing more): a subresource LocalSail does not serve, a key too long, user metadata too large, U+0000 in any
/// text bound for the metadata store (<see cref="S3NulCharacters"/>).
/// </summary>
internal static class S3Validation
{
    /// <summary>S3's longest key, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 1024;

    public static S3Error? Validate(S3RequestContext context)
    {
        var route = context.Route;
        if (route.Operation == S3Operation.NotImplemented)
        {
            return S3Error.NotImplemented;
        }

        if (route.Key is { } key && (key.Length > MaxKeyBytes || Encoding.UTF8.GetByteCount(key) > MaxKeyBytes))
        {
            return S3Error.KeyTooLongError;
        }

        if (S3NulCharacters.Refusal(context) is { } nul)
        {
            return nul;
        }

        if (route.Operation is S3Operation.PutObject or S3Operation.CopyObject or S3Operation.CreateMultipartUpload
            && ObjectHeaders.UserMetadataSize(context.Request) > ObjectHeaders.MaxUserMetadataBytes)
        {
            return S3Error.MetadataTooLarge.With("MaxSizeAllowed", ObjectHeaders.MaxUserMetadataBytes.ToString(CultureInfo.InvariantCulture));
        }

        return null;
    }
}
