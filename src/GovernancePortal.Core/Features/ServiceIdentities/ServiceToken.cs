using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace GovernancePortal.Core.Features.ServiceIdentities;

/// <summary>
/// Token format <c>gp_</c> + 32 base62 characters of randomness (~190 bits) + 6 base62 characters of CRC-32
/// over the random part, the way GitHub's tokens work: a secret scanner can tell a real token from a
/// typo offline, and the portal rejects malformed ones without a database lookup.
/// </summary>
public static class ServiceToken
{
    public const string Prefix = "gp_";
    private const int RandomLength = 32;
    private const int ChecksumLength = 6;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Generate()
    {
        var random = RandomNumberGenerator.GetString(Alphabet, RandomLength);
        return Prefix + random + Checksum(random);
    }

    public static bool IsWellFormed(string? token) =>
        token is { Length: 3 + RandomLength + ChecksumLength } && token.StartsWith(Prefix, StringComparison.Ordinal)
        && token.AsSpan(3).IndexOfAnyExcept(Alphabet) < 0
        && Checksum(token.Substring(3, RandomLength)) == token[(3 + RandomLength)..];

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    /// <summary>Compares two hex hashes in constant time.</summary>
    public static bool HashesEqual(string a, string b) =>
        a.Length == b.Length && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    public static string Hint(string token) => token[..7] + "…";

    private static string Checksum(string random)
    {
        var crc = Crc32.HashToUInt32(Encoding.ASCII.GetBytes(random));
        var chars = new char[ChecksumLength];
        for (var i = ChecksumLength - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(crc % 62)];
            crc /= 62;
        }
        return new string(chars);
    }
}
