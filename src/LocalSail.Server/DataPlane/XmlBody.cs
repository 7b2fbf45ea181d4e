using System.Xml;
using System.Xml.Linq;
using LocalSail.Server.DataPlane.Payload;

namespace LocalSail.Server.DataPlane;

/// <summary>Reads a small XML request body (DeleteObjects, CompleteMultipartUpload, Tagging, ACL), verified like any payload.</summary>
internal static class XmlBody
{
    public const int MaxBytes = 2 * 1024 * 1024;

    /// <summary>
    /// The body's root element. <paramref name="checksumHeadersNameTheObject"/>: the request's <c>x-amz-checksum-*</c>
    /// headers are not the body's (<see cref="PayloadSpec.FromRequest"/>).
    /// </summary>
    public static async Task<(XElement? Root, S3Error? Error)> ReadAsync(S3RequestContext context, bool allowEmpty = false, bool checksumHeadersNameTheObject = false)
    {
        var (spec, specError) = PayloadSpec.FromRequest(context.Request, context.Signed, checksumHeadersNameTheObject);
        if (specError is not null)
        {
            return (null, specError);
        }

        using var buffer = new MemoryStream();
        var result = await PayloadReader.CopyAsync(context.Request.Body, spec!, buffer, MaxBytes, context.Aborted);
        if (result.Error is not null)
        {
            return (null, result.Error == S3Error.EntityTooLarge ? S3Error.MalformedXML : result.Error);
        }

        if (buffer.Length == 0)
        {
            return (null, allowEmpty ? null : S3Error.MalformedXML);
        }

        buffer.Position = 0;
        try
        {
            using var reader = XmlReader.Create(buffer, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return (XDocument.Load(reader).Root, null);
        }
        catch (XmlException)
        {
            return (null, S3Error.MalformedXML);
        }
    }

    /// <summary>Child elements by local name, whatever their namespace.</summary>
    public static IEnumerable<XElement> Children(this XElement element, string localName) =>
        element.Elements().Where(e => e.Name.LocalName == localName);

    public static string? ChildValue(this XElement element, string localName) =>
        element.Children(localName).FirstOrDefault()?.Value;
}
