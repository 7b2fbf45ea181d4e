namespace LocalSail.Server.DataPlane;

/// <summary>
/// An S3 error: its code, HTTP status and message, with optional extra elements (such as the expected
/// region). Handlers return these; they are not thrown. <see cref="S3ErrorWriter"/> serializes them.
/// </summary>
internal sealed record S3Error(string Code, int Status, string Message)
{
    /// <summary>Extra elements written after the message, e.g. Region or BucketName.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; init; } = [];

    /// <summary>Whether the document names the resource; S3's answers to a CORS preflight do not.</summary>
    public bool NamesResource { get; init; } = true;

    public S3Error WithMessage(string message) => this with { Message = message };

    public S3Error With(string element, string value) => this with { Details = [.. Details, new(element, value)] };

    public static readonly S3Error AccessDenied = new("AccessDenied", 403, "Access Denied");
    public static readonly S3Error AuthorizationHeaderMalformed = new("AuthorizationHeaderMalformed", 400, "The authorization header is malformed.");
    public static readonly S3Error AuthorizationQueryParametersError = new("AuthorizationQueryParametersError", 400, "The presigned query parameters are malformed.");
    public static readonly S3Error BadDigest = new("BadDigest", 400, "The Content-MD5 or checksum you specified did not match what we received.");
    public static readonly S3Error BucketAlreadyOwnedByYou = new("BucketAlreadyOwnedByYou", 409, "Your previous request to create the named bucket succeeded and you already own it.");
    public static readonly S3Error EntityTooLarge = new("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed object size.");
    public static readonly S3Error EntityTooSmall = new("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size.");
    public static readonly S3Error ExpiredToken = new("AccessDenied", 403, "Request has expired");
    public static readonly S3Error IncompleteBody = new("IncompleteBody", 400, "You did not provide the number of bytes specified by the Content-Length HTTP header.");
    public static readonly S3Error InternalError = new("InternalError", 500, "We encountered an internal error. Please try again.");
    public static readonly S3Error InvalidAccessKeyId = new("InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records.");
    public static readonly S3Error InvalidArgument = new("InvalidArgument", 400, "Invalid Argument");
    public static readonly S3Error InvalidBucketName = new("InvalidBucketName", 400, "The specified bucket is not valid.");
    public static readonly S3Error InvalidEncryptionAlgorithmError = new("InvalidEncryptionAlgorithmError", 400, "The Encryption request you specified is not valid. Supported value: AES256.");
    public static readonly S3Error InvalidDigest = new("InvalidDigest", 400, "The Content-MD5 or checksum you specified is not valid.");
    public static readonly S3Error InvalidPolicyDocument = new("InvalidPolicyDocument", 400, "The content of the form does not meet the conditions specified in the policy document.");
    public static readonly S3Error InvalidPart = new("InvalidPart", 400, "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.");
    public static readonly S3Error InvalidPartNumber = new("InvalidPartNumber", 416, "The requested partnumber is not satisfiable");
    public static readonly S3Error InvalidPartOrder = new("InvalidPartOrder", 400, "The list of parts was not in ascending order. Parts must be ordered by part number.");
    public static readonly S3Error InvalidRange = new("InvalidRange", 416, "The requested range is not satisfiable");
    public static readonly S3Error InvalidRequest = new("InvalidRequest", 400, "Invalid Request");
    public static readonly S3Error InvalidTag = new("InvalidTag", 400, "The tag provided was not a valid tag.");
    public static readonly S3Error KeyTooLongError = new("KeyTooLongError", 400, "Your key is too long");
    public static readonly S3Error MalformedXML = new("MalformedXML", 400, "The XML you provided was not well-formed or did not validate against our published schema");
    public static readonly S3Error BucketAlreadyExists = new("BucketAlreadyExists", 409, "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.");
    public static readonly S3Error MalformedPOSTRequest = new("MalformedPOSTRequest", 400, "The body of your POST request is not well-formed multipart/form-data.");
    public static readonly S3Error MaxPostPreDataLengthExceeded = new("MaxPostPreDataLengthExceeded", 400, "Your POST request fields preceeding the upload file was too large.");
    public static readonly S3Error MetadataTooLarge = new("MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed metadata size.");
    public static readonly S3Error MethodNotAllowed = new("MethodNotAllowed", 405, "The specified method is not allowed against this resource.");
    public static readonly S3Error MissingContentLength = new("MissingContentLength", 411, "You must provide the Content-Length HTTP header.");
    public static readonly S3Error MissingSecurityHeader = new("MissingSecurityHeader", 400, "Your request was missing a required header.");
    public static readonly S3Error NoSuchCORSConfiguration = new("NoSuchCORSConfiguration", 404, "The CORS configuration does not exist");
    public static readonly S3Error NoSuchBucket = new("NoSuchBucket", 404, "The specified bucket does not exist");
    public static readonly S3Error NoSuchKey = new("NoSuchKey", 404, "The specified key does not exist.");
    public static readonly S3Error NoSuchUpload = new("NoSuchUpload", 404, "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.");
    public static readonly S3Error NoSuchVersion = new("NoSuchVersion", 404, "The specified version does not exist.");
    public static readonly S3Error NotImplemented = new("NotImplemented", 501, "A header or query you provided implies functionality that is not implemented.");
    public static readonly S3Error NotModified = new("NotModified", 304, "Not Modified");
    public static readonly S3Error PreconditionFailed = new("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold");
    public static readonly S3Error RequestTimeTooSkewed = new("RequestTimeTooSkewed", 403, "The difference between the request time and the current time is too large.");
    /// <summary>
    /// Not an AWS code: S3 never fills up. 507 Insufficient Storage, as other self-hosted S3 servers answer,
    /// and not a 5xx that SDKs retry: retrying cannot help until space is freed.
    /// </summary>
    public static readonly S3Error StorageFull = new("StorageFull", 507, "The server's storage is full, so nothing was stored. Free space where LocalSail keeps its data, then try again.");
    public static readonly S3Error SignatureDoesNotMatch = new("SignatureDoesNotMatch", 403, "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
    public static readonly S3Error PreflightWithoutOrigin = new("BadRequest", 400, "Insufficient information. Origin request header needed.") { NamesResource = false };
    public static readonly S3Error PreflightBucketNotFound = new("AccessForbidden", 403, "CORSResponse: Bucket not found") { NamesResource = false };
    public static readonly S3Error PreflightCorsNotEnabled = new("AccessForbidden", 403, "CORSResponse: CORS is not enabled for this bucket.") { NamesResource = false };
    public static readonly S3Error PreflightNotAllowed = new("AccessForbidden", 403, "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.") { NamesResource = false };
    public static readonly S3Error XAmzContentSHA256Mismatch = new("XAmzContentSHA256Mismatch", 400, "The provided 'x-amz-content-sha256' header does not match what was computed.");
    public static readonly S3Error InvalidChunkSignature = new("SignatureDoesNotMatch", 403, "The chunk signature we calculated does not match the signature you provided.");
}
