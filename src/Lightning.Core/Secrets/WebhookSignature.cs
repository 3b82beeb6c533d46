using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lightning.Core.Secrets;

/// <summary>
/// How the platform signs the webhooks it sends (test-run notifications, alert channels): <c>X-Lightning-Signature: sha256=&lt;hex HMAC-SHA256 over "{timestamp}.{body}"&gt;</c>
/// keyed with the sender's secret, where timestamp is <c>X-Lightning-Timestamp</c> (Unix seconds). Signing the timestamp
/// lets a receiver refuse replays: check the signature, then that the timestamp is within a few minutes of now.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Lightning-Signature";
    public const string TimestampHeader = "X-Lightning-Timestamp";
    public const string EventHeader = "X-Lightning-Event";
    public const string DeliveryHeader = "X-Lightning-Delivery";
    const string Prefix = "sha256=";

    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var head = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[head.Length + body.Length];
        head.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(head.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return Prefix + Convert.ToHexStringLower(mac);
    }

    /// <summary>A receiver's check, in constant time: the header matches and the timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (signatureHeader is null || !long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || (now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp, body));
        var given = Encoding.ASCII.GetBytes(signatureHeader.Trim());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
