using System.Diagnostics;
using System.Net.Http.Headers;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Ingest.Prometheus;

/// <summary>What one scrape gave: whether the target answered, how long it took, the samples written and unreadable lines.</summary>
public sealed record ScrapeResult(bool Up, TimeSpan Duration, int Samples, IReadOnlyList<string> Errors, string? Failure);

/// <summary>
/// Scrapes each configured target every interval and writes its samples to the metric store, labelled
/// <c>job</c> and <c>instance</c>, with the synthetic series Prometheus adds: <c>up</c>, <c>scrape_duration_seconds</c>
/// and <c>scrape_samples_scraped</c>.
/// </summary>
public sealed class PrometheusScraper(
    IOptions<ScrapeOptions> options, IServiceProvider services, IHttpClientFactory httpClients, TimeProvider time, ILogger<PrometheusScraper> logger)
    : BackgroundService
{
    public const string HttpClientName = "lightning-scrape";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Value.Targets.Select(target => LoopAsync(target, stoppingToken)));

    async Task LoopAsync(ScrapeTarget target, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(target.Interval, time);
        do
        {
            var store = services.GetService<IMetricStore>();
            if (store is null) continue;
            try
            {
                await ScrapeAsync(target, store, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.ScrapeWriteFailed(logger, error, target.Job);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>One scrape of one target into the store.</summary>
    public async Task<ScrapeResult> ScrapeAsync(ScrapeTarget target, IMetricStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(store);
        var url = target.Url ?? throw new ArgumentException("The target has no URL.", nameof(target));
        var instance = url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}";
        KeyValuePair<string, string>[] labels = [new("job", target.Job), new("instance", instance)];
        var now = Timestamps.ToNanoseconds(time.GetUtcNow());
        var batch = new PointBatch(1024);
        var started = Stopwatch.GetTimestamp();
        string? failure = null;
        IReadOnlyList<string> errors = [];
        var samples = 0;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(target.Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("text/plain;version=0.0.4;q=1,*/*;q=0.1");
            if (!string.IsNullOrEmpty(target.BearerToken)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.BearerToken);
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                failure = $"HTTP {(int)response.StatusCode}";
            }
            else
            {
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                (samples, errors) = PrometheusText.Parse(text, batch, now, labels);
            }
        }
        catch (HttpRequestException error)
        {
            failure = error.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = $"no answer within {target.Timeout.TotalSeconds:0.#} s";
        }

        var duration = Stopwatch.GetElapsedTime(started);
        if (failure is not null)
        {
            batch.Clear();
            samples = 0;
            Log.ScrapeFailed(logger, target.Job, failure);
        }

        batch.Add("up", labels, "value", now, failure is null ? 1 : 0);
        batch.Add("scrape_duration_seconds", labels, "value", now, duration.TotalSeconds);
        batch.Add("scrape_samples_scraped", labels, "value", now, samples);
        await store.WriteAsync(batch, cancellationToken);
        return new ScrapeResult(failure is null, duration, samples, errors, failure);
    }
}
