using System.Security.Cryptography;
using System.Text;

namespace Lightning.Git.Hosting.Webhooks;

/// <summary>Signature and token checks, each in constant time so a caller learns nothing from how long a refusal takes.</summary>
internal static class WebhookSignatures
{
    const string Sha256Prefix = "sha256=";

    /// <summary>GitHub: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the raw body keyed with the secret&gt;</c>.</summary>
    public static bool GitHubSignatureMatches(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (header is null || !header.StartsWith(Sha256Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var hex = header.AsSpan(Sha256Prefix.Length).Trim();
        if (hex.Length != HMACSHA256.HashSizeInBytes * 2 || Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != given.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>
    /// GitLab: <c>X-Gitlab-Token</c> carries the secret itself. Both sides are hashed first so the comparison always
    /// runs over 32 bytes and the secret's length does not leak.
    /// </summary>
    public static bool GitLabTokenMatches(string secret, string? header)
    {
        if (header is null)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> given = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), expected);
        SHA256.HashData(Encoding.UTF8.GetBytes(header), given);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
