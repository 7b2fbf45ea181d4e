namespace LocalSail.Signing;

/// <summary>
/// Presigned URLs: SigV4 in the query string, with only <c>host</c> signed and an unsigned payload, as the
/// AWS SDKs' presigners make them.
/// </summary>
public static class Presigner
{
    /// <summary>
    /// The signed query string (without the leading '?'): <paramref name="parameters"/> (unencoded) followed by
    /// the <c>X-Amz-*</c> parameters and the signature.
    /// </summary>
    /// <param name="host">The Host header the request will carry, port included.</param>
    /// <param name="rawPath">The path as it will be sent, percent-encoded.</param>
    public static string PresignQuery(
        string method,
        string host,
        string rawPath,
        IEnumerable<KeyValuePair<string, string>> parameters,
        Credentials credentials,
        string region,
        string service,
        DateTimeOffset now,
        int expiresSeconds)
    {
        var amzDate = SigV4.FormatAmzDate(now);
        var scope = $"{amzDate[..8]}/{region}/{service}/{SigV4.Terminator}";
        var all = new List<KeyValuePair<string, string>>(parameters)
        {
            new("X-Amz-Algorithm", SigV4.Algorithm),
            new("X-Amz-Credential", $"{credentials.AccessKeyId}/{scope}"),
            new("X-Amz-Date", amzDate),
            new("X-Amz-Expires", expiresSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("X-Amz-SignedHeaders", "host"),
        };
        if (credentials.SessionToken is not null)
        {
            all.Add(new("X-Amz-Security-Token", credentials.SessionToken));
        }

        var query = string.Join('&', all.Select(p => UriEncoding.Encode(p.Key, encodeSlash: true) + "=" + UriEncoding.Encode(p.Value, encodeSlash: true)));
        var canonicalRequest = SigV4.BuildCanonicalRequest(
            method,
            SigV4.CanonicalUri(rawPath, service == "s3"),
            SigV4.CanonicalQuery(query),
            [new("host", host)],
            "host",
            SigV4.UnsignedPayload);
        var signingKey = SigV4.DeriveSigningKey(credentials.SecretAccessKey, amzDate[..8], region, service);
        var signature = SigV4.ComputeSignature(signingKey, SigV4.BuildStringToSign(amzDate, scope, canonicalRequest));
        return query + "&X-Amz-Signature=" + signature;
    }
}
