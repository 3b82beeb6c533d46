using System.Security.Cryptography;
using System.Text;

namespace Lightning.Agents.Ssh;

/// <summary>
/// The host keys the platform trusts, in OpenSSH's known_hosts format (plain or hashed host names), so
/// <c>ssh-keyscan -p PORT HOST &gt;&gt; known_hosts</c> adds a host. A host whose key is not here is refused.
/// </summary>
public sealed class KnownHosts(string path)
{
    public string Path { get; } = path;

    public HostKeyCheck Check(string host, int port, string keyType, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!File.Exists(Path))
        {
            return HostKeyCheck.Unknown;
        }

        var name = HostPattern(host, port);
        var encoded = Convert.ToBase64String(key);
        var result = HostKeyCheck.Unknown;
        foreach (var raw in File.ReadLines(Path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('@'))
            {
                continue;
            }

            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3 || !fields[0].Split(',').Any(pattern => Matches(pattern, name)))
            {
                continue;
            }

            if (string.Equals(fields[1], keyType, StringComparison.Ordinal) && string.Equals(fields[2], encoded, StringComparison.Ordinal))
            {
                return HostKeyCheck.Trusted;
            }

            if (string.Equals(fields[1], keyType, StringComparison.Ordinal))
            {
                result = HostKeyCheck.Changed;
            }
        }

        return result;
    }

    /// <summary>Trusts a host key from now on.</summary>
    public void Add(string host, int port, string keyType, byte[] key)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        File.AppendAllText(Path, $"{HostPattern(host, port)} {keyType} {Convert.ToBase64String(key)}\n");
    }

    /// <summary>The fingerprint as OpenSSH prints it: <c>SHA256:</c> and unpadded base64.</summary>
    public static string Fingerprint(byte[] key) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(key)).TrimEnd('=');

    static string HostPattern(string host, int port) => port == 22 ? host : $"[{host}]:{port}";

    static bool Matches(string pattern, string name)
    {
        if (!pattern.StartsWith("|1|", StringComparison.Ordinal))
        {
            return string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase);
        }

        // Hashed entry: |1|base64(salt)|base64(HMAC-SHA1(salt, name)).
        var parts = pattern.Split('|');
        if (parts.Length != 4)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
#pragma warning disable CA5350 // OpenSSH's hashed-host format is defined with HMAC-SHA1; it is a lookup, not a signature.
            var actual = HMACSHA1.HashData(salt, Encoding.ASCII.GetBytes(name));
#pragma warning restore CA5350
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

public enum HostKeyCheck
{
    Trusted,
    Unknown,
    Changed,
}
