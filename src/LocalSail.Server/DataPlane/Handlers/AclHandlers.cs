using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Objects;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>GetObjectAcl: the owner's full control, and AllUsers READ for a public-read object.</summary>
internal sealed class GetObjectAclHandler(ObjectService objects) : IS3Handler
{
    public const string AllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";

    public S3Operation Operation => S3Operation.GetObjectAcl;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var (record, miss) = await objects.FindVersionAsync(context.Bucket.Id, context.Key, context.Query("versionId"), context.Aborted);
        if (record is null)
        {
            return TargetVersion.ErrorFor(miss, context.Key);
        }

        ObjectHeaders.WriteVersionId(context.Response, record, context.Bucket);
        return await S3Responses.XmlAsync(context, (Owner: context.Bucket.Scope.AccountId, PublicRead: record.Acl == ObjectAcl.PublicRead), static (xml, acl) =>
        {
            xml.Root("AccessControlPolicy");
            S3Responses.Owner(xml, acl.Owner);
            xml.Open("AccessControlList")
                .Raw("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">")
                .Element("ID", acl.Owner).Element("DisplayName", acl.Owner)
                .Raw("</Grantee>").Element("Permission", "FULL_CONTROL").Close("Grant");
            if (acl.PublicRead)
            {
                xml.Raw("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"Group\">")
                    .Element("URI", AllUsers)
                    .Raw("</Grantee>").Element("Permission", "READ").Close("Grant");
            }

            xml.Close("AccessControlList").Close("AccessControlPolicy");
        });
    }
}

/// <summary>PutObjectAcl: a canned ACL (x-amz-acl) or a policy document; private or public-read.</summary>
internal sealed class PutObjectAclHandler(ObjectService objects) : IS3Handler
{
    public S3Operation Operation => S3Operation.PutObjectAcl;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        string? acl;
        if (context.Header("x-amz-acl") is not null)
        {
            acl = ObjectHeaders.AclFromRequest(context.Request);
            if (acl is null)
            {
                return S3Error.InvalidArgument.WithMessage("x-amz-acl is not a canned ACL.");
            }
        }
        else
        {
            var (root, xmlError) = await XmlBody.ReadAsync(context);
            if (xmlError is not null)
            {
                return xmlError;
            }

            if (root!.Name.LocalName != "AccessControlPolicy")
            {
                return S3Error.MalformedXML;
            }

            var grants = root.Children("AccessControlList").SelectMany(l => l.Children("Grant")).ToList();
            var publicRead = grants.Any(g => g.Children("Grantee").Any(e => e.ChildValue("URI") == GetObjectAclHandler.AllUsers) && g.ChildValue("Permission") == "READ");
            acl = publicRead ? ObjectAcl.PublicRead : ObjectAcl.Private;
        }

        var (record, miss) = await objects.UpdateAsync(context.Bucket.Id, context.Key, context.Query("versionId"), null, acl, context.Aborted);
        if (record is null)
        {
            return TargetVersion.ErrorFor(miss, context.Key);
        }

        ObjectHeaders.WriteVersionId(context.Response, record, context.Bucket);
        return await S3Responses.EmptyAsync(context);
    }
}
