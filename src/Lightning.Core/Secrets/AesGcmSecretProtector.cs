using System.Security.Cryptography;
using System.Text;
using Lightning.Core.Errors;

namespace Lightning.Core.Secrets;

/// <summary>
/// AES-256-GCM with a fresh random 96-bit nonce per value. Output: <c>v1:</c> + base64(nonce | tag | ciphertext).
/// The version prefix is also authenticated (associated data), so a value cannot be relabelled for a later format.
/// </summary>
public sealed class AesGcmSecretProtector : ISecretProtector
{
    const string Prefix = "v1:";
    const int NonceSize = 12;
    const int TagSize = 16;
    static readonly byte[] AssociatedData = Encoding.ASCII.GetBytes(Prefix);

    readonly Lazy<byte[]> _key;

    /// <summary>A protector with a fixed 32-byte key.</summary>
    public AesGcmSecretProtector(ReadOnlySpan<byte> key)
    {
        if (key.Length != SecretKeyStore.KeySize)
        {
            throw new LightningException(ErrorKind.Invalid, "secrets.key_invalid",
                $"The secret key must be {SecretKeyStore.KeySize} bytes (AES-256); it is {key.Length}.");
        }

        var copy = key.ToArray();
        _key = new Lazy<byte[]>(copy);
    }

    /// <summary>A protector whose key is resolved on first use (so a key file is only created when a secret is stored).</summary>
    public AesGcmSecretProtector(Func<byte[]> keySource)
    {
        ArgumentNullException.ThrowIfNull(keySource);
        _key = new Lazy<byte[]>(() =>
        {
            var key = keySource();
            return key.Length == SecretKeyStore.KeySize
                ? key
                : throw new LightningException(ErrorKind.Invalid, "secrets.key_invalid",
                    $"The secret key must be {SecretKeyStore.KeySize} bytes (AES-256); it is {key.Length}.");
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var buffer = new byte[NonceSize + TagSize + plain.Length];
        var nonce = buffer.AsSpan(0, NonceSize);
        var tag = buffer.AsSpan(NonceSize, TagSize);
        var cipher = buffer.AsSpan(NonceSize + TagSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_key.Value, TagSize))
        {
            aes.Encrypt(nonce, plain, cipher, tag, AssociatedData);
        }

        CryptographicOperations.ZeroMemory(plain);
        return Prefix + Convert.ToBase64String(buffer);
    }

    public string Unprotect(string protectedValue)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        if (!protectedValue.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw Invalid("it does not start with the format version 'v1:'");
        }

        byte[] buffer;
        try
        {
            buffer = Convert.FromBase64String(protectedValue[Prefix.Length..]);
        }
        catch (FormatException ex)
        {
            throw Invalid("it is not valid base64", ex);
        }

        if (buffer.Length < NonceSize + TagSize)
        {
            throw Invalid("it is too short");
        }

        var plain = new byte[buffer.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key.Value, TagSize);
            aes.Decrypt(buffer.AsSpan(0, NonceSize), buffer.AsSpan(NonceSize + TagSize), buffer.AsSpan(NonceSize, TagSize), plain, AssociatedData);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            // Tampering and a different key look the same to GCM, and must: either way the value is not ours to trust.
            throw Invalid("it was altered or protected with a different key", ex);
        }

        var text = Encoding.UTF8.GetString(plain);
        CryptographicOperations.ZeroMemory(plain);
        return text;
    }

    static LightningException Invalid(string why, Exception? inner = null) =>
        new(ErrorKind.Invalid, "secrets.invalid", $"The protected secret cannot be read: {why}.", inner);
}
