using System.Net;
using System.Text.Json;
using Lightning.Core.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Lightning.Core.Secrets;

namespace Lightning.Testing.Notifications;

/// <summary>
/// POSTs a notification as JSON, signed (<see cref="WebhookSignature"/>). Retries with doubling waits on a 5xx, 408,
/// 429, a timeout or a connection error; a 4xx is final. Redirects are followed by hand and only on the same scheme,
/// host and port: a webhook that points elsewhere could otherwise send the signed body to a host nobody approved.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory httpClients, TimeProvider timeProvider, IOptions<NotificationOptions> options, ILogger<WebhookSender> logger)
{
    /// <summary>The named client: no automatic redirects, no cookies (configured in <see cref="NotificationsServiceCollectionExtensions"/>).</summary>
    public const string HttpClientName = "lightning-testing-webhooks";
    const int MaxRedirects = 3;

    internal async Task<DeliveryResult> SendAsync(Uri url, string secret, NotificationMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var body = JsonSerializer.SerializeToUtf8Bytes(message, LightningJson.Options);
        var client = httpClients.CreateClient(HttpClientName);
        int? lastStatus = null;
        string? error = null;
        for (var attempt = 1; attempt <= settings.MaxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                // Real time, not the injected clock: this is a wait between network attempts, not a recorded moment.
                var delay = TimeSpan.FromMilliseconds(settings.RetryDelayMilliseconds * Math.Pow(2, attempt - 2));
                Log.WebhookRetrying(logger, message.DeliveryId, url.Host, attempt, delay, error ?? string.Empty);
                await Task.Delay(delay, cancellationToken);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
            try
            {
                var (status, final) = await PostFollowingSameHostAsync(client, url, secret, message, body, timeout.Token);
                lastStatus = (int)status;
                if ((int)status is >= 200 and < 300)
                {
                    return new DeliveryResult(true, attempt, lastStatus, null);
                }

                error = final ?? $"{url.Host} answered {(int)status} {status}.";
                if (final is not null || !Retryable(status))
                {
                    return new DeliveryResult(false, attempt, lastStatus, error);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"{url.Host} did not answer within {settings.TimeoutSeconds} s.";
            }
            catch (HttpRequestException ex)
            {
                error = $"Could not reach {url.Host}: {ex.Message}";
            }
        }

        return new DeliveryResult(false, settings.MaxAttempts, lastStatus, $"{error} Gave up after {settings.MaxAttempts} attempts.");
    }

    /// <summary>The final status, and a message when a redirect was refused (which no retry fixes).</summary>
    async Task<(HttpStatusCode Status, string? Refused)> PostFollowingSameHostAsync(
        HttpClient client, Uri url, string secret, NotificationMessage message, byte[] body, CancellationToken cancellationToken)
    {
        var target = url;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(secret, timestamp, body));
            request.Headers.Add(WebhookSignature.EventHeader, message.Event.ToName());
            request.Headers.Add(WebhookSignature.DeliveryHeader, message.DeliveryId);
            request.Headers.UserAgent.ParseAdd("Lightning-Webhook/1");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = response.StatusCode;
            if ((int)status is < 300 or >= 400 || response.Headers.Location is not { } location)
            {
                return (status, null);
            }

            var next = location.IsAbsoluteUri ? location : new Uri(target, location);
            if (!string.Equals(next.Scheme, url.Scheme, StringComparison.OrdinalIgnoreCase)
                || !string.Equals(next.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase) || next.Port != url.Port)
            {
                return (status, $"{url.Host} redirected to {next.Scheme}://{next.Authority}, another host: the notification was not sent there.");
            }

            if (hop + 1 >= MaxRedirects)
            {
                return (status, $"{url.Host} redirected more than {MaxRedirects} times.");
            }

            target = next;
        }
    }

    static bool Retryable(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
