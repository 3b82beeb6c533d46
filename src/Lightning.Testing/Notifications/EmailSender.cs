using Lightning.Core.Mail;
using Lightning.Core.Secrets;
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
        var server = new SmtpServer(smtp.Host, smtp.Port, smtp.Security, smtp.User, Password(smtp));
        var result = await SmtpSender.SendAsync(server, mail, settings.MaxAttempts, TimeSpan.FromSeconds(settings.TimeoutSeconds),
            TimeSpan.FromMilliseconds(settings.RetryDelayMilliseconds),
            (attempt, delay, error) => Log.EmailRetrying(logger, message.DeliveryId, smtp.Host, attempt, delay, error), cancellationToken);
        return new DeliveryResult(result.Delivered, result.Attempts, result.SmtpStatus, result.Error);
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
}
