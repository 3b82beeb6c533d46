using Lightning.Core.Errors;
using Lightning.Monitoring.Analysis;
using Lightning.Monitoring.Analysis.Anomalies;
using Lightning.Monitoring.Analysis.Correlations;
using Lightning.Monitoring.Analysis.Forecasting;
using Lightning.Monitoring.Analysis.Resources;
using Lightning.Monitoring.Analysis.RootCause;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using static Lightning.Server.Endpoints.Monitoring.AnalysisParameters;

namespace Lightning.Server.Endpoints;

/// <summary>
/// <c>/api/v2/monitoring/analysis</c> (viewer): anomalies, forecasts, capacity, trends, correlations, bottlenecks,
/// suggestions and root-cause hints over the metric store, through <see cref="MetricAnalysisService"/>. Series are
/// named with the <c>/query</c> route's parameters. Also maps the platform events routes (<c>/api/v2/monitoring/events</c>).
/// </summary>
public static class MonitoringAnalysisEndpoints
{
    public static RouteGroupBuilder MapMonitoringAnalysisEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2/monitoring/analysis").WithTags("Monitoring analysis").RequireAuthorization(LightningClaims.Policies.Viewer);
        group.MapGet("/anomalies", AnomaliesAsync).WithSummary("Per series: the verdict on the newest point and (scan=true, default) every anomalous span, with the models that agreed");
        group.MapGet("/forecast", ForecastAsync).WithSummary("Per series: a Holt-Winters forecast over the horizon with its prediction interval");
        group.MapGet("/capacity", CapacityAsync).WithSummary("Per series: when it reaches the limit (ETA with earliest and latest) and the verdict");
        group.MapGet("/trends", TrendsAsync).WithSummary("Per series: Theil-Sen slope, Mann-Kendall p-value, change points");
        group.MapGet("/correlations", CorrelationsAsync).WithSummary("Candidate series ranked by how they move with the target, at their best lag");
        group.MapGet("/bottlenecks", BottlenecksAsync).WithSummary("Per host: utilisation, saturation and error findings (USE) over the window");
        group.MapGet("/suggestions", SuggestionsAsync).WithSummary("Per host: idle or over-provisioned resources, with savings when prices are configured");
        group.MapGet("/root-cause", RootCauseAsync).WithSummary("Platform events and series changes ranked as causes of an alert (alert=id) or of an onset time");
        app.MapMonitoringEventEndpoints();
        return group;
    }

    static async Task<Ok<AnomaliesView>> AnomaliesAsync(
        [AsParameters] AnalysisQueryParameters series, MetricAnalysisService analysis, IOptions<AnalysisOptions> options, TimeProvider time, CancellationToken cancellationToken,
        string? scan = null, string? threshold = null, string? agree = null, string? direction = null, string? judged = null, string? minChange = null)
    {
        var query = Query(series, time.GetUtcNow(), options.Value, "now-1d");
        var validator = new Validator();
        var settings = AnomalySettings.Default;
        var doScan = Flag(validator, "scan", scan) ?? true;
        if (Number(validator, "threshold", threshold, 0, 1000, exclusiveMin: true) is { } t) settings = settings with { Threshold = t };
        if (Integer(validator, "agree", agree, 1, 3) is { } k) settings = settings with { RequiredAgreement = k };
        if (Integer(validator, "judged", judged, 1, 1000) is { } n) settings = settings with { JudgedPoints = n };
        if (Number(validator, "minChange", minChange, 0, double.MaxValue) is { } m) settings = settings with { MinimumChange = m };
        if (Choice(validator, "direction", direction, "both", "above", "below") is { } d)
            settings = settings with { Direction = d == "above" ? AnomalyDirection.Above : d == "below" ? AnomalyDirection.Below : AnomalyDirection.Both };
        validator.ThrowIfInvalid();
        return TypedResults.Ok(AnalysisViews.Anomalies(query, await analysis.AnomaliesAsync(query, settings, doScan, cancellationToken)));
    }

    static async Task<Ok<ForecastView>> ForecastAsync(
        [AsParameters] AnalysisQueryParameters series, MetricAnalysisService analysis, IOptions<AnalysisOptions> options, TimeProvider time, CancellationToken cancellationToken,
        string? horizon = null, string? confidence = null, string? season = null)
    {
        var query = Query(series, time.GetUtcNow(), options.Value, "now-7d");
        var validator = new Validator();
        var ahead = Duration(validator, "horizon", horizon, TimeSpan.FromDays(options.Value.MaxRangeDays)) ?? TimeSpan.FromDays(1);
        var settings = ForecastSettings.Default;
        if (Number(validator, "confidence", confidence, 0.5, 0.999, exclusiveMin: true) is { } c) settings = settings with { Confidence = c };
        if (season is not null)
            settings = settings with { Season = season.Trim() is "none" or "0" ? TimeSpan.Zero : Duration(validator, "season", season, TimeSpan.FromDays(60)) };
        validator.ThrowIfInvalid();
        var result = await analysis.ForecastAsync(query, ahead, settings, cancellationToken);
        return TypedResults.Ok(AnalysisViews.Forecast(query, ahead, settings.Confidence, result));
    }

    static async Task<Ok<CapacityView>> CapacityAsync(
        [AsParameters] AnalysisQueryParameters series, MetricAnalysisService analysis, IOptions<AnalysisOptions> options, TimeProvider time, CancellationToken cancellationToken,
        string? limit = null, string? horizon = null)
    {
        var now = time.GetUtcNow();
        var query = Query(series, now, options.Value, "now-7d");
        var validator = new Validator();
        var ceiling = Number(validator, "limit", limit, double.MinValue, double.MaxValue);
        if (ceiling is null && string.IsNullOrWhiteSpace(limit)) validator.Add("limit", "'limit' is required: the value the resource runs out at (e.g. 100 for used_percent).");
        var ahead = Duration(validator, "horizon", horizon, TimeSpan.FromDays(3650)) ?? TimeSpan.FromDays(30);
        validator.ThrowIfInvalid();
        var result = await analysis.CapacityAsync(query, ceiling!.Value, ahead, cancellationToken);
        return TypedResults.Ok(AnalysisViews.Capacity(query, ceiling.Value, ahead, now, result));
    }

    static async Task<Ok<TrendsView>> TrendsAsync(
        [AsParameters] AnalysisQueryParameters series, MetricAnalysisService analysis, IOptions<AnalysisOptions> options, TimeProvider time, CancellationToken cancellationToken,
        string? significance = null)
    {
        var query = Query(series, time.GetUtcNow(), options.Value, "now-1d");
        var validator = new Validator();
        var level = Number(validator, "significance", significance, 0, 0.5, exclusiveMin: true) ?? 0.05;
        validator.ThrowIfInvalid();
        return TypedResults.Ok(AnalysisViews.Trends(query, level, await analysis.TrendsAsync(query, level, cancellationToken)));
    }

    static async Task<Ok<CorrelationsView>> CorrelationsAsync(
        [AsParameters] AnalysisQueryParameters series, MetricAnalysisService analysis, IMetricStore store, IOptions<AnalysisOptions> options, TimeProvider time, CancellationToken cancellationToken,
        string? candidates = null, string? candidateWhere = null, string? bucket = null, string? maxLag = null, string? method = null, string? differences = null, string? minCorrelation = null)
    {
        var target = Query(series, time.GetUtcNow(), options.Value, "now-6h");
        var validator = new Validator();
        var specs = Collect(validator, "candidates", () => CandidateQueries.Parse(candidates)) ?? [];
        if (string.IsNullOrWhiteSpace(candidates))
            validator.Add("candidates", "'candidates' is required: measurements or measurement:field pairs to compare, e.g. cpu:usage_user,mem.");
        var where = Collect(validator, "candidateWhere", () => Lightning.Monitoring.Querying.MetricQueryText.ParseWhere(candidateWhere, "candidateWhere")) ?? [];
        var width = Duration(validator, "bucket", bucket, TimeSpan.FromDays(1)) ?? target.Every ?? TimeSpan.FromMinutes(1);
        var lag = Duration(validator, "maxLag", maxLag, TimeSpan.FromDays(1));
        var settings = CorrelationSettings.Default with { Bucket = width };
        if (lag is { } l)
        {
            var buckets = (int)Math.Round(l / width);
            if (buckets > 1000) validator.Add("maxLag", $"'maxLag' is at most 1000 buckets ({DurationText.Format(width * 1000)} at {DurationText.Format(width)}).");
            else settings = settings with { MaxLag = buckets };
        }
        else
        {
            settings = settings with { MaxLag = Math.Min(1000, (int)Math.Round(TimeSpan.FromMinutes(10) / width)) };
        }
        if (Choice(validator, "method", method, "pearson", "spearman") is "spearman") settings = settings with { RankBy = CorrelationMethod.Spearman };
        if (Flag(validator, "differences", differences) is { } diff) settings = settings with { Differences = diff };
        if (Number(validator, "minCorrelation", minCorrelation, 0, 1) is { } min) settings = settings with { MinCorrelation = min };
        validator.ThrowIfInvalid();
        var queries = await CandidateQueries.ExpandAsync(store, specs, where, target.From, target.To, width, cancellationToken);
        var matches = await analysis.CorrelationsAsync(target, queries, settings, cancellationToken);
        return TypedResults.Ok(AnalysisViews.Correlations(target, queries, settings, matches));
    }

    static async Task<Ok<BottlenecksView>> BottlenecksAsync(
        MetricAnalysisService analysis, IMetricStore store, IOptions<AnalysisOptions> options, CancellationToken cancellationToken, string? host = null, string? window = null)
    {
        var (hosts, span) = await HostsAsync(store, options.Value, host, window, TimeSpan.FromHours(1), cancellationToken);
        var result = new List<HostBottlenecksView>();
        foreach (var name in hosts) result.Add(new HostBottlenecksView(name, await analysis.BottlenecksAsync(name, span, cancellationToken: cancellationToken)));
        return TypedResults.Ok(new BottlenecksView(DurationText.Format(span), result));
    }

    static async Task<Ok<SuggestionsView>> SuggestionsAsync(
        MetricAnalysisService analysis, IMetricStore store, IOptions<AnalysisOptions> options, CancellationToken cancellationToken, string? host = null, string? window = null)
    {
        var (hosts, span) = await HostsAsync(store, options.Value, host, window, TimeSpan.FromDays(7), cancellationToken);
        var result = new List<HostSuggestionsView>();
        foreach (var name in hosts) result.Add(new HostSuggestionsView(name, await analysis.SuggestionsAsync(name, span, cancellationToken: cancellationToken)));
        return TypedResults.Ok(new SuggestionsView(DurationText.Format(span), result));
    }

    /// <summary>The hosts named (comma-separated), or every host the CPU and memory collectors wrote for.</summary>
    static async Task<(IReadOnlyList<string> Hosts, TimeSpan Window)> HostsAsync(
        IMetricStore store, AnalysisOptions options, string? host, string? window, TimeSpan fallback, CancellationToken cancellationToken)
    {
        var validator = new Validator();
        var span = Duration(validator, "window", window, TimeSpan.FromDays(options.MaxRangeDays)) ?? fallback;
        var named = (host ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (named.Length > 100) validator.Add("host", "At most 100 hosts at once.");
        validator.ThrowIfInvalid();
        if (named.Length > 0) return (named, span);
        var hosts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var measurement in new[] { TelegrafNames.Cpu, TelegrafNames.Memory })
        {
            if (!(await store.MeasurementsAsync(cancellationToken)).Contains(measurement, StringComparer.Ordinal)) continue;
            foreach (var info in await store.SeriesAsync(new SeriesFilter(measurement, null, 10_000), cancellationToken))
                if (info.Series.Tags.FirstOrDefault(t => t.Key == TelegrafNames.HostTag) is { Key: not null } tag) hosts.Add(tag.Value);
        }
        return ([.. hosts.Take(100)], span);
    }

    static async Task<Ok<RootCauseView>> RootCauseAsync(
        [AsParameters] AnalysisQueryParameters series, RootCauseInvestigator investigator, IOptions<AnalysisOptions> options, TimeProvider time, CancellationToken cancellationToken,
        string? alert = null, string? onset = null, string? candidates = null, string? candidateWhere = null, string? before = null, string? after = null)
    {
        var now = time.GetUtcNow();
        var validator = new Validator();
        var at = Time(validator, "onset", onset, now);
        if (string.IsNullOrWhiteSpace(alert) && string.IsNullOrWhiteSpace(onset))
            validator.Add("onset", "Give alert=<alert id> or onset=<time> (ISO 8601 or now-15m).");
        var specs = Collect(validator, "candidates", () => CandidateQueries.Parse(candidates)) ?? [];
        var where = Collect(validator, "candidateWhere", () => Lightning.Monitoring.Querying.MetricQueryText.ParseWhere(candidateWhere, "candidateWhere")) ?? [];
        var bucket = Duration(validator, "every", series.Every, TimeSpan.FromHours(1)) ?? TimeSpan.FromMinutes(1);
        var settings = RootCauseSettings.Default;
        if (Duration(validator, "before", before, TimeSpan.FromDays(Math.Max(1, options.Value.MaxRangeDays / 4))) is { } b) settings = settings with { Before = b };
        if (Duration(validator, "after", after, TimeSpan.FromDays(1)) is { } a) settings = settings with { After = a };
        MetricQuery? target = null;
        if (!string.IsNullOrWhiteSpace(series.Measurement))
            target = Collect(validator, "measurement", () => Lightning.Monitoring.Querying.MetricQueryText.ReadQuery(series.Measurement, series.Field, series.Where, null, null, null, null, null, null, null, now));
        validator.ThrowIfInvalid();
        var report = await investigator.InvestigateAsync(new RootCauseRequest
        {
            AlertId = string.IsNullOrWhiteSpace(alert) ? null : alert.Trim(),
            Onset = at,
            Target = target,
            Candidates = specs,
            CandidateWhere = where,
            Every = bucket,
            Settings = settings,
        }, cancellationToken);
        return TypedResults.Ok(AnalysisViews.RootCause(report));
    }
}
