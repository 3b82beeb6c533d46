namespace Lightning.Core.Secrets;

/// <summary>
/// Encrypts secrets the platform must keep (provider tokens, webhook secrets) so they are never stored in the clear.
/// A protected value is self-describing text safe to put in a database column or a configuration file.
/// </summary>
public interface ISecretProtector
{
    /// <summary>Encrypts <paramref name="plaintext"/>; the same input gives a different output each time.</summary>
    string Protect(string plaintext);

    /// <summary>
    /// Decrypts a value <see cref="Protect"/> made with the same key. A tampered, truncated or foreign value throws a
    /// <see cref="Errors.LightningException"/> with code <c>secrets.invalid</c>.
    /// </summary>
    string Unprotect(string protectedValue);
}
