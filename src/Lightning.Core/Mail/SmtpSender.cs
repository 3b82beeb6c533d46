using System.Globalization;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Lightning.Core.Mail;

/// <summary>Where and how to send: the server, its security, and the login (the password in the clear, only in memory).</summary>
public sealed record SmtpServer(string Host, int Port, SmtpSecurity Security, string? User, string? Password);

/// <summary>What became of a mail: delivered, or why not; <see cref="SmtpStatus"/> is the server's final reply code when it gave one.</summary>
public sealed record SmtpResult(bool Delivered, int Attempts, int? SmtpStatus, string? Error);

/// <summary>
/// Sends one mail with MailKit, the way every notification of the platform does: connection errors, timeouts and 4xx
/// replies are retried with doubling delays; a 5xx reply or a refused login is final. Error texts never carry the
/// password or what the server echoed of the login.
/// </summary>
public static class SmtpSender
{
    /// <param name="beforeRetry">Called before each retry with the attempt number, the delay and the last error (for a log line).</param>
    public static async Task<SmtpResult> SendAsync(
        SmtpServer server, MimeMessage mail, int maxAttempts, TimeSpan timeout, TimeSpan firstRetryDelay,
        Action<int, TimeSpan, string>? beforeRetry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(mail);
        string? error = null;
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                // Real time, not an injected clock: a wait between network attempts, not a recorded moment.
                var delay = firstRetryDelay * Math.Pow(2, attempt - 2);
                beforeRetry?.Invoke(attempt, delay, error ?? string.Empty);
                await Task.Delay(delay, cancellationToken);
            }

            try
            {
                using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
                await client.ConnectAsync(server.Host, server.Port, ToMailKit(server.Security), cancellationToken);
                if (!string.IsNullOrEmpty(server.User))
                {
                    await client.AuthenticateAsync(server.User, server.Password ?? string.Empty, cancellationToken);
                }

                await client.SendAsync(mail, cancellationToken);
                await client.DisconnectAsync(quit: true, cancellationToken);
                return new SmtpResult(true, attempt, null, null);
            }
            catch (AuthenticationException)
            {
                // The server's reply may echo what was sent: say only that the login was refused.
                return new SmtpResult(false, attempt, null, $"{server.Host} refused the login of user '{server.User}'.");
            }
            catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
            {
                return new SmtpResult(false, attempt, (int)ex.StatusCode, $"{server.Host} refused the message: {(int)ex.StatusCode} {ex.Message}");
            }
            catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException
                                           or System.Net.Sockets.SocketException or TimeoutException or SslHandshakeException)
            {
                error = $"{server.Host}:{server.Port}: {ex.Message}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"{server.Host}:{server.Port} did not answer within {timeout.TotalSeconds:0.#} s.");
            }
        }

        return new SmtpResult(false, maxAttempts, null, $"{error} Gave up after {maxAttempts} attempts.");
    }

    static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}
