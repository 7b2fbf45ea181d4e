using LocalSail.Server.DataPlane.Handlers;

namespace LocalSail.Server.Tests.DataPlane.Handlers;

public sealed class ListObjectsHandlersTests
{
    [Theory]
    [InlineData("")]
    [InlineData("photos/cat.jpg")]
    [InlineData("é/ü")]
    public void A_continuation_token_decodes_to_the_key_it_was_made_from(string after) =>
        Assert.Equal(after, ListObjectsV2Handler.DecodeToken(ListObjectsV2Handler.EncodeToken(after)));

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AA==")] // U+0000: no key holds one, so no token this server issued does
    [InlineData("YQBi")] // "a", U+0000, "b"
    public void A_continuation_token_this_server_never_issued_is_none(string token) =>
        Assert.Null(ListObjectsV2Handler.DecodeToken(token));
}
