using System.Globalization;
using Lightning.Monitoring.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Collectors.Http;

/// <summary>
/// Synthetic checks of external URLs as Telegraf's <c>http_response</c> (tags check, server, method, status_code,
/// result): response_time (seconds to the response headers), http_response_code, result_code (0 is success), success
/// (1 or 0), content_length, and tls_expiry_days (days until the server certificate's notAfter) for https.
/// All checks of a run go out at once.
/// </summary>
public sealed class HttpCheckCollector : ICollector, IDisposable
{
    readonly HttpChecker[] _checkers;
    readonly ILogger _logger;

    public HttpCheckCollector(IOptions<CollectorOptions> options, TimeProvider time, ILogger<HttpCheckCollector> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Interval = options.Value.Http.Interval;
        _checkers = options.Value.Http.Checks.Select(check => new HttpChecker(check, time)).ToArray();
        _logger = logger;
    }

    public string Name => "http";

    public TimeSpan Interval { get; }

    public async ValueTask CollectAsync(PointBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var results = await Task.WhenAll(_checkers.Select(checker => checker.RunAsync(cancellationToken)));
        var timestampNs = Timestamps.ToNanoseconds(now);
        for (var i = 0; i < results.Length; i++)
        {
            var (checker, result) = (_checkers[i], results[i]);
            if (result.Error is not null) Log.HttpCheckFailed(_logger, result.Check, result.Error);
            List<KeyValuePair<string, string>> tags =
            [
                new("check", result.Check), new("server", checker.Server), new("method", checker.Method),
                new("result", HttpCheckResult.ResultTag(result.Outcome)),
            ];
            if (result.StatusCode is { } code) tags.Add(new("status_code", code.ToString(CultureInfo.InvariantCulture)));
            var series = batch.AddSeries(new SeriesKey("http_response", tags));
            batch.Add(series, "response_time", timestampNs, FieldValue.OfFloat(result.ResponseTime.TotalSeconds));
            batch.Add(series, "result_code", timestampNs, FieldValue.OfInteger((int)result.Outcome));
            batch.Add(series, "success", timestampNs, FieldValue.OfInteger(result.Success ? 1 : 0));
            if (result.StatusCode is { } status) batch.Add(series, "http_response_code", timestampNs, FieldValue.OfInteger(status));
            if (result.ContentLength is { } length) batch.Add(series, "content_length", timestampNs, FieldValue.OfInteger(length));
            if (result.TlsExpiryDays is { } days) batch.Add(series, "tls_expiry_days", timestampNs, FieldValue.OfFloat(days));
        }
    }

    public void Dispose()
    {
        foreach (var checker in _checkers) checker.Dispose();
    }
}
