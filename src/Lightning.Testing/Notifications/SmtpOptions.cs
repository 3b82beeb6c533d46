using Lightning.Core.Mail;

namespace Lightning.Testing.Notifications;

/// <summary><c>Lightning:Testing:Notifications:Smtp</c>: the server email rules send through.</summary>
public sealed class SmtpOptions
{
    /// <summary>Null: email rules can be made, but each delivery fails with "no SMTP server is configured".</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>The sender address (<c>Lightning &lt;tests@example.com&gt;</c>).</summary>
    public string? From { get; set; }

    public string? User { get; set; }

    /// <summary>The password in the clear, from an environment variable or a secret store the host provides.</summary>
    public string? Password { get; set; }

    /// <summary>The password as <see cref="Core.Secrets.ISecretProtector"/> ciphertext, for configuration files.</summary>
    public string? ProtectedPassword { get; set; }

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTlsWhenAvailable;
}
