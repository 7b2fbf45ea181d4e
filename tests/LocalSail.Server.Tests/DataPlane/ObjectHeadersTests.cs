using LocalSail.Server.DataPlane;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Tests.DataPlane;

public sealed class ObjectHeadersTests
{
    [Theory]
    [InlineData("project", "sail", true)]
    [InlineData("project", "", true)]
    [InlineData("", "sail", false)]
    [InlineData("pro%00ject", "sail", false)]
    [InlineData("project", "sa%00il", false)]
    public void A_tag_is_valid_with_a_key_and_without_the_null_character(string key, string value, bool valid) =>
        Assert.Equal(valid, ObjectHeaders.TagsValid([new(Nul(key), Nul(value))]));

    [Theory]
    [InlineData("a=%00", false)]
    [InlineData("%00=b", false)]
    [InlineData("a=b", true)]
    public void An_x_amz_tagging_header_with_an_encoded_null_character_is_malformed(string header, bool valid)
    {
        var request = new DefaultHttpContext().Request;
        request.Headers["x-amz-tagging"] = header;

        Assert.Equal(valid, ObjectHeaders.TagsFromRequest(request) is not null);
    }

    // %00 stands for U+0000 here, which test names cannot show.
    private static string Nul(string text) => text.Replace("%00", "\0", StringComparison.Ordinal);
}
