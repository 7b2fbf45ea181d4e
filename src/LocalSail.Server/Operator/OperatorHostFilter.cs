using System.Net;
using System.Net.NetworkInformation;
using LocalSail.Server.Hosting;

namespace LocalSail.Server.Operator;

/// <summary>
/// Whether a request's <c>Host</c> names this server: the address it listens on (any of the machine's addresses
/// when it listens on all of them), <c>localhost</c> and the loopback addresses when it listens on loopback, and
/// the names configured in <see cref="LocalSailOptions.OperatorHosts"/>. A page served from any other name (an
/// attacker's domain made to resolve to this machine: DNS rebinding) is refused before anything is read or changed.
/// The port is not compared: a proxy may publish the server on another one.
/// </summary>
internal sealed class OperatorHostFilter
{
    private readonly IPAddress _listenAddress;
    private readonly bool _listensOnLoopback;
    private readonly bool _listensOnAll;
    private readonly HashSet<string> _names;

    public OperatorHostFilter(LocalSailOptions options)
    {
        _listensOnLoopback = AccountCredentials.IsLoopback(options.Host);
        _listenAddress = IPAddress.TryParse(options.Host.Trim('[', ']'), out var address) ? address : IPAddress.Loopback;
        _listensOnAll = _listenAddress.Equals(IPAddress.Any) || _listenAddress.Equals(IPAddress.IPv6Any);
        _names = new HashSet<string>(options.OperatorHosts.Select(Normalize).OfType<string>(), StringComparer.OrdinalIgnoreCase);
    }

    public bool Allows(string? hostHeader)
    {
        var name = Normalize(hostHeader);
        if (name is null)
        {
            return false;
        }

        if (_names.Contains(name))
        {
            return true;
        }

        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return _listensOnLoopback || _listensOnAll;
        }

        if (!IPAddress.TryParse(name, out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return _listensOnLoopback || _listensOnAll;
        }

        return address.Equals(_listenAddress) || (_listensOnAll && IsMachineAddress(address));
    }

    /// <summary>The host name of a Host header: without the port or IPv6 brackets, lower case; null when there is none.</summary>
    internal static string? Normalize(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return null;
        }

        host = host.Trim();
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            return close <= 1 ? null : host[1..close].ToLowerInvariant();
        }

        var colon = host.IndexOf(':');
        if (colon >= 0 && host.IndexOf(':', colon + 1) >= 0)
        {
            // An IPv6 address without brackets (as configured, not as sent).
            return host.ToLowerInvariant();
        }

        var name = colon < 0 ? host : host[..colon];
        return name.Length == 0 ? null : name.TrimEnd('.').ToLowerInvariant();
    }

    private static bool IsMachineAddress(IPAddress address)
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
                .Any(unicast => unicast.Address.Equals(address));
        }
        catch (NetworkInformationException)
        {
            return false;
        }
    }
}
