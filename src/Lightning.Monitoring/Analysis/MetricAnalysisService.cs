using System.Diagnostics;
using Lightning.Core.Errors;
using Lightning.Monitoring.Analysis.Anomalies;
using Lightning.Monitoring.Analysis.Correlations;
using Lightning.Monitoring.Analysis.Forecasting;
using Lightning.Monitoring.Analysis.Resources;
using Lightning.Monitoring.Analysis.RootCause;
using Lightning.Monitoring.Analysis.Statistics;
using Lightning.Monitoring.Analysis.Trends;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Analysis;

/// <summary>
/// Runs the analyses over what the metric store holds: each call queries the store (bounded by
/// <see cref="AnalysisOptions"/>) and hands the series to the pure analysis code. What the API and CLI expose.
/// </summary>
public sealed class MetricAnalysisService(IMetricStore store, IOptions<AnalysisOptions> options, TimeProvider time, ILogger<MetricAnalysisService>? logger = null)
{
    readonly AnalysisOptions _options = options.Value;
    readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>The verdict on each series' newest point(s); with <paramref name="scan"/>, also every anomalous span in the range (a backtest).</summary>
    public async Task<IReadOnlyList<SeriesAnalysis<AnomalyReport>>> AnomaliesAsync(MetricQuery query, AnomalySettings? settings = null, bool scan = false, CancellationToken cancellationToken = default)
    {
        var s = (settings ?? AnomalySettings.Default).Validate();
        return await PerSeriesAsync("anomalies", query, series =>
        {
            var latest = AnomalyDetector.Evaluate(series.TimestampsNs, series.Values, s);
            if (latest.IsAnomalous) Log.AnomalyFound(_logger, SeriesNames.Of(series), latest.Score);
            return new AnomalyReport(latest, scan ? AnomalyDetector.Scan(series.TimestampsNs, series.Values, s) : []);
        }, cancellationToken);
    }

    /// <summary>A Holt-Winters forecast of each series for <paramref name="horizon"/> past its last point.</summary>
    public async Task<IReadOnlyList<SeriesAnalysis<Forecast>>> ForecastAsync(MetricQuery query, TimeSpan horizon, ForecastSettings? settings = null, CancellationToken cancellationToken = default)
    {
        if (horizon <= TimeSpan.Zero) throw new ValidationFailedException("The forecast horizon must be positive.");
        var s = (settings ?? ForecastSettings.Default).Validate();
        return await PerSeriesAsync("forecast", query, series =>
        {
            var interval = TimeSeries.MedianIntervalNs(series.TimestampsNs);
            var points = interval <= 0 ? 1 : (int)Math.Clamp(horizon.Ticks * 100 / interval, 1, 100_000);
            return Forecaster.Predict(series.TimestampsNs, series.Values, points, s);
        }, cancellationToken);
    }

    /// <summary>When each series reaches <paramref name="limit"/> (e.g. disk used_percent reaching 100).</summary>
    public Task<IReadOnlyList<SeriesAnalysis<CapacityEstimate>>> CapacityAsync(MetricQuery query, double limit, TimeSpan horizon, CancellationToken cancellationToken = default) =>
        PerSeriesAsync("capacity", query, series => CapacityPlanner.Estimate(series.TimestampsNs, series.Values, limit, horizon), cancellationToken);

    public Task<IReadOnlyList<SeriesAnalysis<TrendReport>>> TrendsAsync(MetricQuery query, double significance = 0.05, CancellationToken cancellationToken = default) =>
        PerSeriesAsync("trend", query, series => TrendAnalyzer.Analyze(series.TimestampsNs, series.Values, significance), cancellationToken);

    /// <summary>Candidate series (every series of every candidate query) ranked by how they move with the target (its first series).</summary>
    public async Task<IReadOnlyList<CorrelationMatch>> CorrelationsAsync(MetricQuery target, IReadOnlyList<MetricQuery> candidates, CorrelationSettings? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var s = (settings ?? CorrelationSettings.Default).Validate();
        var targetSeries = await ReadAsync(target, cancellationToken);
        if (targetSeries.Count == 0) return [];
        var subject = ToCandidate(targetSeries[0]);
        var others = await ReadCandidatesAsync(candidates, cancellationToken);
        return CorrelationFinder.Find(subject, others.Where(o => o.Name != subject.Name), s);
    }

    /// <summary>
    /// Root-cause hints for an alert that began at <paramref name="onset"/>: the given platform events near it, and the
    /// candidate series that shifted around it (weighted by their correlation with <paramref name="target"/> when given).
    /// </summary>
    public async Task<IReadOnlyList<RootCauseHint>> RootCauseAsync(
        DateTimeOffset onset, IReadOnlyList<PlatformEvent> events, MetricQuery? target, IReadOnlyList<MetricQuery> candidates,
        RootCauseSettings? settings = null, IReadOnlyDictionary<string, string>? alertLabels = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(candidates);
        var s = (settings ?? RootCauseSettings.Default).Validate();
        var series = await ReadCandidatesAsync(candidates, cancellationToken);
        IReadOnlyList<CorrelationMatch> correlations = [];
        if (target is not null)
        {
            var targetSeries = await ReadAsync(target, cancellationToken);
            if (targetSeries.Count > 0)
            {
                // The alerting series shifting at its own onset is the symptom, not a cause.
                var subject = ToCandidate(targetSeries[0]);
                series.RemoveAll(c => c.Name == subject.Name);
                correlations = CorrelationFinder.Find(subject, series, CorrelationSettings.Default with { MinCorrelation = 0 });
            }
        }
        return RootCauseRanker.Rank(onset, events, series, s, alertLabels, correlations);
    }

    /// <summary>A host's usage over the last <paramref name="window"/>, from the Telegraf-named host measurements.</summary>
    public Task<HostUsage> HostUsageAsync(string host, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        if (window <= TimeSpan.Zero || window > TimeSpan.FromDays(_options.MaxRangeDays))
            throw new ValidationFailedException($"The window must be positive and at most {_options.MaxRangeDays} days.");
        var to = time.GetUtcNow();
        return new HostUsageReader(store).ReadAsync(host, to - window, to, cancellationToken);
    }

    public async Task<IReadOnlyList<Bottleneck>> BottlenecksAsync(string host, TimeSpan window, BottleneckThresholds? thresholds = null, CancellationToken cancellationToken = default) =>
        BottleneckDetector.Detect(await HostUsageAsync(host, window, cancellationToken), thresholds ?? BottleneckThresholds.Default);

    /// <summary>Idle and over-provisioned resources of a host, with monthly savings when prices are configured.</summary>
    public async Task<IReadOnlyList<Suggestion>> SuggestionsAsync(string host, TimeSpan window, SuggestionRules? rules = null, CancellationToken cancellationToken = default)
    {
        var usage = await HostUsageAsync(host, window, cancellationToken);
        var rates = _options.PricePerCoreHour is null && _options.PricePerGbHour is null
            ? null
            : new CostRates(_options.PricePerCoreHour, _options.PricePerGbHour, _options.Currency);
        return OptimizationAdvisor.Suggest(usage, rules ?? SuggestionRules.Default, rates);
    }

    async Task<IReadOnlyList<SeriesAnalysis<T>>> PerSeriesAsync<T>(string analysis, MetricQuery query, Func<SeriesResult, T> analyse, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var series = await ReadAsync(query, cancellationToken);
        var result = new List<SeriesAnalysis<T>>(series.Count);
        foreach (var s in series)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new SeriesAnalysis<T>(SeriesNames.Of(s), s.Tags, analyse(s)));
        }
        Log.Analysed(_logger, analysis, series.Count, series.Sum(s => (long)s.Values.Length), query.Measurement, query.Field, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    async Task<IReadOnlyList<SeriesResult>> ReadAsync(MetricQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.To <= query.From) throw new ValidationFailedException("The query's end must be after its start.");
        if (query.To - query.From > TimeSpan.FromDays(_options.MaxRangeDays))
            throw new ValidationFailedException($"The range {TimeSeries.Describe(query.To - query.From)} is wider than the {_options.MaxRangeDays} days an analysis may read.");
        var result = await store.QueryAsync(query, cancellationToken);
        if (result.Series.Count > _options.MaxSeries)
            throw new ValidationFailedException($"The query returned {result.Series.Count} series; an analysis takes at most {_options.MaxSeries}. Narrow it with tag filters.");
        return result.Series;
    }

    async Task<List<CorrelationCandidate>> ReadCandidatesAsync(IReadOnlyList<MetricQuery> queries, CancellationToken cancellationToken)
    {
        var list = new List<CorrelationCandidate>();
        foreach (var query in queries)
            foreach (var s in await ReadAsync(query, cancellationToken))
                list.Add(ToCandidate(s));
        if (list.Count > _options.MaxSeries)
            throw new ValidationFailedException($"The candidate queries returned {list.Count} series; at most {_options.MaxSeries} are compared.");
        return list;
    }

    static CorrelationCandidate ToCandidate(SeriesResult s) => new(SeriesNames.Of(s), s.TimestampsNs, s.Values);
}
