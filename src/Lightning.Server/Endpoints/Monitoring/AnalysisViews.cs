using Lightning.Monitoring.Analysis;
using Lightning.Monitoring.Analysis.Anomalies;
using Lightning.Monitoring.Analysis.Correlations;
using Lightning.Monitoring.Analysis.Forecasting;
using Lightning.Monitoring.Analysis.Resources;
using Lightning.Monitoring.Analysis.RootCause;
using Lightning.Monitoring.Analysis.Trends;
using Lightning.Monitoring.Events;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Querying;

namespace Lightning.Server.Endpoints.Monitoring;

// The analysis routes' JSON: times in milliseconds since the epoch, durations as text (30m, 1h), numbers that are not
// finite (a series with no spread has an infinite score) as null.

/// <summary>The series an analysis read.</summary>
public sealed record AnalysisQueryView(string Measurement, string Field, long From, long To, string? Aggregate, string? Every)
{
    public static AnalysisQueryView Of(MetricQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new(query.Measurement, query.Field, query.From.ToUnixTimeMilliseconds(), query.To.ToUnixTimeMilliseconds(),
            query.Aggregate is { } aggregate ? MetricQueryText.Format(aggregate, query.Percentile) : null,
            query.Every is { } every ? DurationText.Format(every) : null);
    }
}

public sealed record AnomaliesView(AnalysisQueryView Query, IReadOnlyList<SeriesAnomalyView> Series);

public sealed record SeriesAnomalyView(string Name, IReadOnlyDictionary<string, string> Tags, AnomalyLatestView Latest, IReadOnlyList<AnomalySpanView> Spans);

/// <summary>The verdict on the newest point: anomalous only when enough models agree; each model's own judgement.</summary>
public sealed record AnomalyLatestView(bool Anomalous, double? Score, long? At, string Reason, IReadOnlyList<AnomalyModelView> Models);

public sealed record AnomalyModelView(string Model, bool Anomalous, double? Score, double? Value, double? Expected, double? Deviations);

/// <summary>A run of anomalous points: where, how long, the worst score, the models that agreed on the worst point.</summary>
public sealed record AnomalySpanView(long Start, long End, int Points, string Duration, double? Score, IReadOnlyList<string> Models, string Reason);

public sealed record ForecastView(AnalysisQueryView Query, string Horizon, double Confidence, IReadOnlyList<SeriesForecastView> Series);

public sealed record SeriesForecastView(
    string Name, IReadOnlyDictionary<string, string> Tags, string? Season, double? Alpha, double? Beta, double? Gamma, double? ResidualSigma,
    IReadOnlyList<ForecastPointView> Points);

public sealed record ForecastPointView(long Time, double? Value, double? Lower, double? Upper);

public sealed record CapacityView(AnalysisQueryView Query, double Limit, string Horizon, IReadOnlyList<SeriesCapacityView> Series);

/// <summary>
/// When a series reaches the limit: <see cref="Verdict"/> (at-limit, will-reach-limit, not-within-horizon), the ETA
/// with its earliest and latest (null: the slow end never gets there), the time left from now.
/// </summary>
public sealed record SeriesCapacityView(
    string Name, IReadOnlyDictionary<string, string> Tags, CapacityOutlook Verdict, long? Eta, long? Earliest, long? Latest, string? TimeLeft,
    double Confidence, double? Current, double? SlopePerDay, string Explanation);

public sealed record TrendsView(AnalysisQueryView Query, double Significance, IReadOnlyList<SeriesTrendView> Series);

public sealed record SeriesTrendView(
    string Name, IReadOnlyDictionary<string, string> Tags, TrendDirection Direction, bool Significant,
    double? SlopePerHour, double? SlopePerDay, double? SlopeLowPerHour, double? SlopeHighPerHour, double? PValue, double? MannKendallZ, int Points,
    IReadOnlyList<ChangePointView> ChangePoints, string Summary);

public sealed record ChangePointView(long At, double? Before, double? After, double? Shift);

public sealed record CorrelationsView(AnalysisQueryView Target, IReadOnlyList<string> Candidates, string Bucket, string MaxLag, CorrelationMethod Method, IReadOnlyList<CorrelationMatchView> Matches);

/// <summary>A candidate at its best lag; a positive lag means the candidate moves first.</summary>
public sealed record CorrelationMatchView(int Rank, string Name, string Lag, long LagMs, int LagBuckets, double? Pearson, double? Spearman, int Overlap, string Explanation);

public sealed record BottlenecksView(string Window, IReadOnlyList<HostBottlenecksView> Hosts);

public sealed record HostBottlenecksView(string Host, IReadOnlyList<Bottleneck> Findings);

public sealed record SuggestionsView(string Window, IReadOnlyList<HostSuggestionsView> Hosts);

public sealed record HostSuggestionsView(string Host, IReadOnlyList<Suggestion> Suggestions);

public sealed record RootCauseView(
    long Onset, string? AlertId, string? Target, long WindowFrom, long WindowTo, IReadOnlyList<RootCauseHintView> Hints,
    IReadOnlyList<PlatformEventView> Events, IReadOnlyList<string> Candidates, IReadOnlyList<string> FailedSources);

public sealed record RootCauseHintView(int Rank, HintSource Source, string Title, long? At, double? Score, string Explanation);

/// <summary>A platform event as charts draw it: a marker at <see cref="At"/> (ms) with its kind and title.</summary>
public sealed record PlatformEventView(string Id, string Source, long At, string Kind, string Title, IReadOnlyDictionary<string, string> Labels, string? Text, string? By)
{
    public static PlatformEventView Of(PlatformEventEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Id, e.Source, e.At.ToUnixTimeMilliseconds(), e.Kind, e.Title, e.Labels, e.Text, e.By);
    }
}

public sealed record PlatformEventsView(long From, long To, IReadOnlyList<PlatformEventView> Events, bool Truncated, IReadOnlyList<string> FailedSources);

/// <summary>The analysis results turned into their views.</summary>
internal static class AnalysisViews
{
    public static double? Finite(double value) => double.IsFinite(value) ? value : null;

    static long Ms(long ns) => ns / 1_000_000;

    public static AnomaliesView Anomalies(MetricQuery query, IReadOnlyList<SeriesAnalysis<AnomalyReport>> result) => new(
        AnalysisQueryView.Of(query),
        [.. result.Select(s => new SeriesAnomalyView(s.Name, s.Tags,
            new AnomalyLatestView(s.Result.Latest.IsAnomalous, Finite(s.Result.Latest.Score), s.Result.Latest.Index < 0 ? null : Ms(s.Result.Latest.TimestampNs), s.Result.Latest.Reason,
                [.. s.Result.Latest.Models.Select(m => new AnomalyModelView(m.Model, m.IsAnomalous, Finite(m.Score), Finite(m.Value), Finite(m.Expected), Finite(m.Deviations)))]),
            [.. s.Result.Spans.Select(span => new AnomalySpanView(Ms(span.StartNs), Ms(span.EndNs), span.Points,
                DurationText.Format(TimeSpan.FromMilliseconds(Ms(span.EndNs) - Ms(span.StartNs))), Finite(span.PeakScore), span.Models, span.Reason))]))]);

    public static ForecastView Forecast(MetricQuery query, TimeSpan horizon, double confidence, IReadOnlyList<SeriesAnalysis<Forecast>> result) => new(
        AnalysisQueryView.Of(query),
        DurationText.Format(horizon),
        confidence,
        [.. result.Select(s =>
        {
            var f = s.Result;
            var step = f.TimestampsNs.Length > 1 ? f.TimestampsNs[1] - f.TimestampsNs[0] : 0;
            var season = f.SeasonLength > 1 && step > 0 ? DurationText.Format(TimeSpan.FromTicks(f.SeasonLength * step / 100)) : null;
            return new SeriesForecastView(s.Name, s.Tags, season, Finite(f.Parameters.Alpha), Finite(f.Parameters.Beta), Finite(f.Parameters.Gamma), Finite(f.ResidualSigma),
                [.. f.TimestampsNs.Select((t, i) => new ForecastPointView(Ms(t), Finite(f.Values[i]), Finite(f.Lower[i]), Finite(f.Upper[i])))]);
        })]);

    public static CapacityView Capacity(MetricQuery query, double limit, TimeSpan horizon, DateTimeOffset now, IReadOnlyList<SeriesAnalysis<CapacityEstimate>> result) => new(
        AnalysisQueryView.Of(query),
        limit,
        DurationText.Format(horizon),
        [.. result.Select(s => new SeriesCapacityView(s.Name, s.Tags, s.Result.Outlook,
            s.Result.At?.ToUnixTimeMilliseconds(), s.Result.Earliest?.ToUnixTimeMilliseconds(), s.Result.Latest?.ToUnixTimeMilliseconds(),
            s.Result.At is { } at ? DurationText.Approximate(at > now ? at - now : TimeSpan.Zero) : null,
            s.Result.Confidence, Finite(s.Result.Current), Finite(s.Result.SlopePerDay), s.Result.Explanation))]);

    public static TrendsView Trends(MetricQuery query, double significance, IReadOnlyList<SeriesAnalysis<TrendReport>> result) => new(
        AnalysisQueryView.Of(query),
        significance,
        [.. result.Select(s => new SeriesTrendView(s.Name, s.Tags, s.Result.Direction, s.Result.IsSignificant,
            Finite(s.Result.SlopePerHour), Finite(s.Result.SlopePerDay), Finite(s.Result.SlopeLowPerHour), Finite(s.Result.SlopeHighPerHour),
            Finite(s.Result.PValue), Finite(s.Result.MannKendallZ), s.Result.Points,
            [.. s.Result.ChangePoints.Select(c => new ChangePointView(Ms(c.TimestampNs), Finite(c.MeanBefore), Finite(c.MeanAfter), Finite(c.Shift)))],
            s.Result.Summary))]);

    public static CorrelationsView Correlations(MetricQuery target, IReadOnlyList<MetricQuery> candidates, CorrelationSettings settings, IReadOnlyList<CorrelationMatch> matches) => new(
        AnalysisQueryView.Of(target),
        [.. candidates.Select(c => $"{c.Measurement}.{c.Field}")],
        DurationText.Format(settings.Bucket),
        DurationText.Format(settings.Bucket * settings.MaxLag),
        settings.RankBy,
        [.. matches.Select((m, i) => new CorrelationMatchView(i + 1, m.Name, DurationText.Format(m.Lag), (long)m.Lag.TotalMilliseconds, m.LagBuckets,
            Finite(m.Pearson), Finite(m.Spearman), m.Overlap, m.Explanation))]);

    public static RootCauseView RootCause(RootCauseReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(
            report.Onset.ToUnixTimeMilliseconds(),
            report.AlertId,
            report.Target,
            report.WindowFrom.ToUnixTimeMilliseconds(),
            report.WindowTo.ToUnixTimeMilliseconds(),
            [.. report.Hints.Select((h, i) => new RootCauseHintView(i + 1, h.Source, h.Title, h.At?.ToUnixTimeMilliseconds(), Finite(h.Score), h.Explanation))],
            [.. report.Events.Select(PlatformEventView.Of)],
            report.Candidates,
            report.FailedSources);
    }
}
