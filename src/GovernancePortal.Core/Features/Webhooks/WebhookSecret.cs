using System.Security.Cryptography;

namespace GovernancePortal.Core.Features.Webhooks;

/// <summary>
/// Standard Webhooks secrets: <c>whsec_</c> + base64 of 24 to 64 random bytes. The portal generates them (32 bytes);
/// an admin may paste one a receiver already holds, which must have the same shape.
/// </summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";
    public const int MinBytes = 24, MaxBytes = 64, GeneratedBytes = 32;

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(GeneratedBytes));

    /// <summary>Why <paramref name="secret"/> is not a usable secret, or null when it is.</summary>
    public static string? Problem(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret)) return "is required.";
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal)) return $"must start with '{Prefix}' (Standard Webhooks format).";
        var key = TryKey(secret);
        if (key is null) return $"must be '{Prefix}' followed by base64 text.";
        if (key.Length is < MinBytes or > MaxBytes) return $"must encode {MinBytes} to {MaxBytes} random bytes (this one has {key.Length}).";
        return null;
    }

    /// <summary>The HMAC key: the base64-decoded part after the prefix.</summary>
    public static byte[] Key(string secret) => TryKey(secret) ?? throw new FormatException("Not a whsec_ secret.");

    private static byte[]? TryKey(string secret)
    {
        var text = secret[Prefix.Length..];
        var buffer = new byte[text.Length];
        return text.Length > 0 && Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
