using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace LocalSail.Server.DataPlane.PostForms;

/// <summary>
/// Reads a POST Object body (<c>multipart/form-data</c>) as it streams: the fields before the <c>file</c> part,
/// bounded by S3's 20 KB, then stops at the file, whose bytes the handler streams on into storage.
/// </summary>
internal static class PostFormReader
{
    /// <summary>The form's fields up to its file, or the error S3 answers for the body.</summary>
    public static async Task<(PostForm? Form, S3Error? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, S3Error.PreconditionFailed.With("Condition", "Bucket POST must be of the enclosure-type multipart/form-data"));
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
        {
            return (null, S3Error.MalformedPOSTRequest);
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = PostForm.MaxPreFileBytes };
        var fields = new List<KeyValuePair<string, string>>();
        var preFileBytes = 0L;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                preFileBytes += boundary.Length + 4;
                foreach (var (name, values) in section.Headers ?? [])
                {
                    preFileBytes += name.Length + values.ToString().Length + 4;
                }

                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } fieldName)
                {
                    return (null, S3Error.MalformedPOSTRequest);
                }

                if (disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) && fieldName.Equals(PostForm.FileFieldName, StringComparison.OrdinalIgnoreCase))
                {
                    var fileName = disposition.FileName.HasValue ? HeaderUtilities.RemoveQuotes(disposition.FileName).Value : null;
                    return (PostForm.Create(fields, fileName, section.Body), null);
                }

                var value = await ReadFieldAsync(section.Body, PostForm.MaxPreFileBytes - preFileBytes, cancellationToken);
                if (value is null)
                {
                    return (null, TooLarge);
                }

                preFileBytes += value.Length;
                if (preFileBytes > PostForm.MaxPreFileBytes)
                {
                    return (null, TooLarge);
                }

                fields.Add(new(fieldName, Encoding.UTF8.GetString(value)));
            }
        }
        catch (InvalidDataException)
        {
            // Part headers that cannot be read, or longer than the form may be.
            return (null, S3Error.MalformedPOSTRequest);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException && !Hosting.ClientDisconnect.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            // The body ended without the boundary that closes a part.
            return (null, S3Error.MalformedPOSTRequest);
        }

        return (null, S3Error.InvalidArgument
            .WithMessage("POST requires exactly one file upload per request.")
            .With("ArgumentName", PostForm.FileFieldName)
            .With("ArgumentValue", "0"));
    }

    private static S3Error TooLarge => S3Error.MaxPostPreDataLengthExceeded
        .With("MaxPostPreDataLengthBytes", PostForm.MaxPreFileBytes.ToString(CultureInfo.InvariantCulture));

    /// <summary>A field's bytes, or null when there are more than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadFieldAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        if (limit < 0)
        {
            return null;
        }

        using var value = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (value.Length + read > limit)
            {
                return null;
            }

            value.Write(buffer, 0, read);
        }

        return value.ToArray();
    }
}
