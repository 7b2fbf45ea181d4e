using LocalSail.Server.Hosting;
using LocalSail.Server.Operator;

namespace LocalSail.Server.Tests.Operator;

/// <summary>Which Host headers name the server, for each address it may listen on.</summary>
public sealed class OperatorHostFilterTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1:4570", true)]
    [InlineData("127.0.0.1", "localhost:4570", true)]
    [InlineData("127.0.0.1", "LOCALHOST", true)]
    [InlineData("127.0.0.1", "localhost.:4570", true)]
    [InlineData("127.0.0.1", "[::1]:4570", true)]
    [InlineData("127.0.0.1", "attacker.example:4570", false)]
    [InlineData("127.0.0.1", "localhost.attacker.example", false)]
    [InlineData("127.0.0.1", "192.168.1.20:4570", false)]
    [InlineData("127.0.0.1", "", false)]
    [InlineData("127.0.0.1", null, false)]
    [InlineData("192.168.1.20", "192.168.1.20:4570", true)]
    [InlineData("192.168.1.20", "localhost:4570", false)]
    [InlineData("192.168.1.20", "127.0.0.1:4570", false)]
    [InlineData("192.168.1.20", "storage.example:4570", false)]
    [InlineData("0.0.0.0", "localhost:4570", true)]
    [InlineData("0.0.0.0", "127.0.0.1:4570", true)]
    [InlineData("0.0.0.0", "203.0.113.99:4570", false)]
    [InlineData("0.0.0.0", "attacker.example", false)]
    public void A_host_is_the_servers_when_it_is_its_address_or_loopback_name(string listen, string? host, bool allowed) =>
        Assert.Equal(allowed, new OperatorHostFilter(new LocalSailOptions { Host = listen }).Allows(host));

    [Fact]
    public void Configured_names_are_accepted_in_any_case_and_with_any_port()
    {
        var filter = new OperatorHostFilter(new LocalSailOptions { Host = "10.0.0.5", OperatorHosts = ["Storage.Example", "localsail:8080"] });
        Assert.True(filter.Allows("storage.example"));
        Assert.True(filter.Allows("STORAGE.EXAMPLE:443"));
        Assert.True(filter.Allows("localsail:4570"));
        Assert.False(filter.Allows("example"));
        Assert.False(filter.Allows("storage.example.attacker.example"));
    }
}
