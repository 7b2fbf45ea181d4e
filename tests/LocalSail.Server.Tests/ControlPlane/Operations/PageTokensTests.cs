using System.Text;
using LocalSail.Server.ControlPlane.Operations;

namespace LocalSail.Server.Tests.ControlPlane.Operations;

public sealed class PageTokensTests
{
    [Theory]
    [InlineData("my-bucket")]
    [InlineData("a")]
    public void A_name_token_decodes_to_its_name(string name)
    {
        Assert.True(PageTokens.TryDecodeName(PageTokens.EncodeName(name), out var decoded));
        Assert.Equal(name, decoded);
    }

    [Fact]
    public void An_offset_token_decodes_to_its_offset()
    {
        Assert.True(PageTokens.TryDecodeOffset(PageTokens.EncodeOffset(25), out var offset));
        Assert.Equal(25, offset);
    }

    /// <summary>A well-formed token holding U+0000 names nothing a store could keep: none this server issued.</summary>
    [Fact]
    public void A_token_holding_the_null_character_is_none_this_server_issued()
    {
        var nameToken = Convert.ToBase64String(Encoding.UTF8.GetBytes("n:b\0"));

        Assert.False(PageTokens.TryDecodeName(nameToken, out _));
        Assert.False(PageTokens.TryDecodeName("forged", out _));
    }
}
