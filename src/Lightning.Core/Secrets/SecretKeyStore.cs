using System.Security.Cryptography;
using System.Text;
using Lightning.Core.Errors;

namespace Lightning.Core.Secrets;

/// <summary>
/// Where the secret key comes from: <c>Lightning:SecretKey</c> (base64 of 32 bytes) when configured, otherwise the file
/// <c>secret.key</c> in the data directory, created on first use readable by the owner only and never overwritten
/// (overwriting it would make every stored secret unreadable).
/// </summary>
public static class SecretKeyStore
{
    public const int KeySize = 32;

    public const string ConfigurationKey = "Lightning:SecretKey";

    public const string FileName = "secret.key";

    /// <summary>The configured key when <paramref name="configuredKey"/> is set, else the data directory's key file.</summary>
    public static byte[] Resolve(string? configuredKey, string dataDirectory) =>
        string.IsNullOrWhiteSpace(configuredKey) ? LoadOrCreateKeyFile(dataDirectory) : Decode(configuredKey, ConfigurationKey);

    /// <summary>Reads <c>secret.key</c> from <paramref name="dataDirectory"/>, creating it (mode 0600) when absent.</summary>
    public static byte[] LoadOrCreateKeyFile(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            return Decode(File.ReadAllText(path, Encoding.ASCII), path);
        }

        var key = RandomNumberGenerator.GetBytes(KeySize);
        var temp = Path.Combine(dataDirectory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            // The file is born 0600: there is no moment at which another user could read it.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temp, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"));
                stream.Flush(flushToDisk: true);
            }

            // Moving without overwrite is a link on Unix: it fails if another process created the key meanwhile, and
            // then that process's key wins and is read back below.
            File.Move(temp, path, overwrite: false);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            return Decode(File.ReadAllText(path, Encoding.ASCII), path);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    static byte[] Decode(string text, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException ex)
        {
            throw new LightningException(ErrorKind.Invalid, "secrets.key_invalid", $"The secret key in {source} is not valid base64.", ex);
        }

        return key.Length == KeySize
            ? key
            : throw new LightningException(ErrorKind.Invalid, "secrets.key_invalid",
                $"The secret key in {source} must be {KeySize} bytes (base64 of 32 random bytes); it is {key.Length}.");
    }
}
