using Lightning.Core.Secrets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Lightning.Testing.Notifications;

/// <summary>
/// Sends a notification as an email (text and HTML) through the SMTP server of <see cref="SmtpOptions"/>, with MailKit.
/// Retries like the webhook on connection errors, timeouts and 4xx SMTP replies; a 5xx reply or a refused login is final.
/// </summary>
public sealed class EmailSender(IOptions<NotificationOptions> options, ISecretProtector protector, ILogger<EmailSender> logger)
{
    internal async Task<DeliveryResult> SendAsync(IReadOnlyList<string> recipients, NotificationMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var smtp = settings.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host) || string.IsNullOrWhiteSpace(smtp.From))
        {
            return new DeliveryResult(false, 0, null,
                "No SMTP server is configured: set Lightning:Testing:Notifications:Smtp:Host and :From.");
        }

        if (!MailboxAddress.TryParse(smtp.From, out var from))
        {
            return new DeliveryResult(false, 0, null, $"Lightning:Testing:Notifications:Smtp:From '{smtp.From}' is not an email address.");
        }

        using var mail = Compose(from, recipients, message);
        string? error = null;
        for (var attempt = 1; attempt <= settings.MaxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                var delay = TimeSpan.FromMilliseconds(settings.RetryDelayMilliseconds * Math.Pow(2, attempt - 2));
                Log.EmailRetrying(logger, message.DeliveryId, smtp.Host, attempt, delay, error ?? string.Empty);
                await Task.Delay(delay, cancellationToken);
            }

            try
            {
                using var client = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
                await client.ConnectAsync(smtp.Host, smtp.Port, ToMailKit(smtp.Security), cancellationToken);
                if (!string.IsNullOrEmpty(smtp.User))
                {
                    await client.AuthenticateAsync(smtp.User, Password(smtp) ?? string.Empty, cancellationToken);
                }

                await client.SendAsync(mail, cancellationToken);
                await client.DisconnectAsync(quit: true, cancellationToken);
                return new DeliveryResult(true, attempt, null, null);
            }
            catch (AuthenticationException)
            {
                // The server's reply may echo what was sent: say only that the login was refused.
                return new DeliveryResult(false, attempt, null, $"{smtp.Host} refused the login of user '{smtp.User}'.");
            }
            catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
            {
                return new DeliveryResult(false, attempt, (int)ex.StatusCode, $"{smtp.Host} refused the message: {(int)ex.StatusCode} {ex.Message}");
            }
            catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException
                                           or System.Net.Sockets.SocketException or TimeoutException or SslHandshakeException)
            {
                error = $"{smtp.Host}:{smtp.Port}: {ex.Message}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"{smtp.Host}:{smtp.Port} did not answer within {settings.TimeoutSeconds} s.";
            }
        }

        return new DeliveryResult(false, settings.MaxAttempts, null, $"{error} Gave up after {settings.MaxAttempts} attempts.");
    }

    static MimeMessage Compose(MailboxAddress from, IReadOnlyList<string> recipients, NotificationMessage message)
    {
        var mail = new MimeMessage { Subject = message.Subject };
        mail.From.Add(from);
        mail.To.AddRange(recipients.Select(MailboxAddress.Parse));
        mail.Headers.Add("X-Lightning-Delivery", message.DeliveryId);
        mail.Headers.Add("X-Lightning-Event", message.Event.ToName());
        mail.Body = new BodyBuilder { TextBody = message.ToText(), HtmlBody = message.ToHtml() }.ToMessageBody();
        return mail;
    }

    string? Password(SmtpOptions smtp) => smtp.ProtectedPassword is { Length: > 0 } protectedPassword ? protector.Unprotect(protectedPassword) : smtp.Password;

    static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}
