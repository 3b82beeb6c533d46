namespace Lightning.Core.Mail;

/// <summary>How an SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain SMTP: only for a relay on this machine or a trusted network.</summary>
    None,

    /// <summary>STARTTLS when the server offers it (the default).</summary>
    StartTlsWhenAvailable,

    /// <summary>STARTTLS or fail: the password and the mail never travel in the clear.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}
