using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Storage.Objects;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>GetObjectAcl: the owner's full control, and AllUsers READ for a public-read object.</summary>
public sealed class GetObjectAclHandler(IObjectMetadataStore metadata) : IS3Handler
{
    public const string AllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";

    public S3Operation Operation => S3Operation.GetObjectAcl;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var (record, error) = await TargetVersion.FindAsync(context, metadata);
        if (error is not null)
        {
            return error;
        }

        var owner = context.Bucket.Scope.AccountId;
        var xml = new S3XmlBuilder().Root("AccessControlPolicy");
        S3Responses.Owner(xml, owner);
        xml.Open("AccessControlList")
            .Raw("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">")
            .Element("ID", owner).Element("DisplayName", owner)
            .Raw("</Grantee>").Element("Permission", "FULL_CONTROL").Close("Grant");
        if (record!.Acl == ObjectAcl.PublicRead)
        {
            xml.Raw("<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"Group\">")
                .Element("URI", AllUsers)
                .Raw("</Grantee>").Element("Permission", "READ").Close("Grant");
        }

        xml.Close("AccessControlList").Close("AccessControlPolicy");
        ObjectHeaders.WriteVersionId(context.Response, record, context.Bucket);
        return await S3Responses.XmlAsync(context, xml);
    }
}

/// <summary>PutObjectAcl: a canned ACL (x-amz-acl) or a policy document; private or public-read.</summary>
public sealed class PutObjectAclHandler(IObjectMetadataStore metadata) : IS3Handler
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

        var (record, error) = await TargetVersion.FindAsync(context, metadata);
        if (error is not null)
        {
            return error;
        }

        await metadata.UpdateAsync(context.Bucket.Id, context.Key, record!.VersionId, null, acl, context.Aborted);
        ObjectHeaders.WriteVersionId(context.Response, record, context.Bucket);
        return await S3Responses.EmptyAsync(context);
    }
}
