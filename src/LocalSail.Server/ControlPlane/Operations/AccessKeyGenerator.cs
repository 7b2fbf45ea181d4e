using System.Security.Cryptography;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>Access key ids and secrets from a cryptographic random source, in AWS's formats.</summary>
internal static class AccessKeyGenerator
{
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>20 characters of [A-Z0-9] beginning AKIA.</summary>
    public static string NewAccessKeyId() => "AKIA" + new string(RandomNumberGenerator.GetItems<char>(IdAlphabet, 16));

    /// <summary>40 characters of the base64 alphabet.</summary>
    public static string NewSecretAccessKey() => new(RandomNumberGenerator.GetItems<char>(SecretAlphabet, 40));
}
