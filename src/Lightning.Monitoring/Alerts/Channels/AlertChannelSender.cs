using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lightning.Core.Mail;
using Lightning.Core.Secrets;
using Lightning.Core.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Lightning.Monitoring.Alerts.Channels;

/// <summary>
/// Delivers a notification through one channel: email over SMTP (MailKit), a Slack incoming webhook (Slack's
/// <c>text</c> + <c>blocks</c> payload) or a generic webhook (the JSON notification, signed with
/// <see cref="WebhookSignature"/>). Each retries with doubling waits on what may pass (connection errors,
/// timeouts, 5xx, 408, 429, SMTP 4xx); a refusal (4xx, SMTP 5xx, a refused login) is final. Redirects are not followed:
/// the signed body goes only to the URL that was configured.
/// </summary>
public sealed class AlertChannelSender(IHttpClientFactory httpClients, TimeProvider timeProvider, IOptions<AlertOptions> options, ILogger<AlertChannelSender> logger)
{
    public const string HttpClientName = "lightning-monitoring-alerts";
    const int SlackTextLimit = 2900;

    internal async Task<DeliveryResult> SendAsync(ResolvedChannel channel, AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(notification);
        var result = channel.Type switch
        {
            ChannelType.Email => await SendEmailAsync(channel, notification, cancellationToken),
            ChannelType.Slack => await PostAsync(channel, notification, SlackBody(notification), null, cancellationToken),
            _ => await PostAsync(channel, notification, JsonSerializer.SerializeToUtf8Bytes(notification, LightningJson.Options), channel.Secret, cancellationToken),
        };
        if (result.Delivered) Log.Delivered(logger, notification.DeliveryId, channel.Id, channel.Type.ToString(), result.Attempts);
        else Log.DeliveryFailed(logger, notification.DeliveryId, channel.Id, channel.Type.ToString(), result.Attempts, result.Error ?? "unknown error");
        return result;
    }

    /// <summary>Slack's documented incoming-webhook payload: a fallback <c>text</c> and Block Kit blocks.</summary>
    internal static byte[] SlackBody(AlertNotification notification)
    {
        var details = notification.ToText();
        if (details.Length > SlackTextLimit) details = string.Concat(details.AsSpan(0, SlackTextLimit), "…");
        var title = notification.Title.Length > 150 ? notification.Title[..149] + "…" : notification.Title;
        var body = new JsonObject
        {
            ["text"] = notification.Title,
            ["blocks"] = new JsonArray(
                new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = title } },
                new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = "```" + details + "```" } }),
        };
        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    async Task<DeliveryResult> PostAsync(ResolvedChannel channel, AlertNotification notification, byte[] body, string? secret, CancellationToken cancellationToken)
    {
        if (channel.Url is not { } url) return new DeliveryResult(false, 0, null, $"Channel '{channel.Name}' has no URL.");
        var settings = options.Value;
        var client = httpClients.CreateClient(HttpClientName);
        int? lastStatus = null;
        string? error = null;
        for (var attempt = 1; attempt <= settings.MaxAttempts; attempt++)
        {
            if (attempt > 1) await WaitAsync(notification, url.Host, attempt, error, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
                request.Headers.UserAgent.ParseAdd("Lightning-Alerts/1");
                request.Headers.Add(WebhookSignature.DeliveryHeader, notification.DeliveryId);
                if (secret is not null)
                {
                    var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds();
                    request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(secret, timestamp, body));
                    request.Headers.Add(WebhookSignature.EventHeader, "alert." + notification.Status);
                }

                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                lastStatus = (int)response.StatusCode;
                if (response.IsSuccessStatusCode) return new DeliveryResult(true, attempt, lastStatus, null);
                // Only the host: the path of a Slack or webhook URL is its token.
                error = $"{url.Host} answered {lastStatus} {response.StatusCode}.";
                if (!Retryable(response.StatusCode)) return new DeliveryResult(false, attempt, lastStatus, error);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"{url.Host} did not answer within {settings.TimeoutSeconds} s.";
            }
            catch (HttpRequestException ex)
            {
                error = $"Could not reach {url.Host}: {ex.HttpRequestError}.";
            }
        }

        return new DeliveryResult(false, settings.MaxAttempts, lastStatus, $"{error} Gave up after {settings.MaxAttempts} attempts.");
    }

    async Task<DeliveryResult> SendEmailAsync(ResolvedChannel channel, AlertNotification notification, CancellationToken cancellationToken)
    {
        var smtp = channel.Settings;
        var settings = options.Value;
        using var mail = new MimeMessage { Subject = notification.Title };
        mail.From.Add(MailboxAddress.Parse(smtp.From!));
        mail.To.AddRange(smtp.To.Select(MailboxAddress.Parse));
        mail.Headers.Add("X-Lightning-Delivery", notification.DeliveryId);
        mail.Headers.Add("X-Lightning-Event", "alert." + notification.Status);
        mail.Body = new TextPart("plain") { Text = notification.ToText() };
        var server = new SmtpServer(smtp.SmtpHost!, smtp.SmtpPort, smtp.Security, smtp.User, channel.Secret);
        var result = await SmtpSender.SendAsync(server, mail, settings.MaxAttempts, TimeSpan.FromSeconds(settings.TimeoutSeconds),
            TimeSpan.FromMilliseconds(settings.RetryDelayMilliseconds),
            (attempt, delay, error) => Log.Retrying(logger, notification.DeliveryId, server.Host, attempt, delay, error), cancellationToken);
        return new DeliveryResult(result.Delivered, result.Attempts, result.SmtpStatus, result.Error);
    }

    async Task WaitAsync(AlertNotification notification, string host, int attempt, string? error, CancellationToken cancellationToken)
    {
        // Real time, not the injected clock: a wait between network attempts, not a recorded moment.
        var delay = TimeSpan.FromMilliseconds(options.Value.RetryDelayMilliseconds * Math.Pow(2, attempt - 2));
        Log.Retrying(logger, notification.DeliveryId, host, attempt, delay, error ?? string.Empty);
        await Task.Delay(delay, cancellationToken);
    }

    static bool Retryable(HttpStatusCode status) => (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
