using System.Globalization;
using Lightning.Monitoring.Analysis.Correlations;
using Lightning.Monitoring.Analysis.Statistics;
using Lightning.Monitoring.Analysis.Trends;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Analysis.RootCause;

/// <summary>
/// Hints for an alert: platform events near its onset and series that shifted around it, ranked together.
/// An event scores its kind's weight × how close before the onset it came (halving every <c>Before / 4</c>; events
/// just after the onset get a third), × 1.25 when it shares a label with the alert. A series scores by how large its
/// shift was (in noise σ, saturating at 10σ) × how early it came (earlier than the onset is "changed first") ×
/// (0.5 + 0.5·|r|) when its correlation with the alerting series is known.
/// </summary>
public static class RootCauseRanker
{
    public static IReadOnlyList<RootCauseHint> Rank(
        DateTimeOffset onset,
        IEnumerable<PlatformEvent> events,
        IEnumerable<CorrelationCandidate> series,
        RootCauseSettings settings,
        IReadOnlyDictionary<string, string>? alertLabels = null,
        IEnumerable<CorrelationMatch>? correlations = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var hints = new List<RootCauseHint>();
        foreach (var e in events)
        {
            var hint = ScoreEvent(onset, e, settings, alertLabels);
            if (hint is not null) hints.Add(hint);
        }
        var correlationOf = (correlations ?? []).GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var s in series)
        {
            var hint = ScoreSeries(onset, s, settings, correlationOf.GetValueOrDefault(s.Name));
            if (hint is not null) hints.Add(hint);
        }
        return hints.OrderByDescending(h => h.Score).ThenBy(h => h.At).ToList();
    }

    static RootCauseHint? ScoreEvent(DateTimeOffset onset, PlatformEvent e, RootCauseSettings settings, IReadOnlyDictionary<string, string>? alertLabels)
    {
        var lead = onset - e.At;
        if (lead > settings.Before || lead < -settings.After) return null;
        var weight = settings.KindWeights.TryGetValue(e.Kind, out var w) ? w : settings.OtherKindWeight;
        var halfLife = settings.Before.TotalSeconds / 4;
        var timing = lead >= TimeSpan.Zero ? Math.Pow(0.5, lead.TotalSeconds / halfLife) : 1.0 / 3;
        var shared = alertLabels is null ? null
            : e.Labels.FirstOrDefault(l => alertLabels.TryGetValue(l.Key, out var v) && string.Equals(v, l.Value, StringComparison.Ordinal)) is { Key: not null } match ? match : (KeyValuePair<string, string>?)null;
        var score = Math.Min(1, weight * timing * (shared is null ? 1 : 1.25));
        var when = lead >= TimeSpan.Zero ? $"{TimeSeries.Describe(lead)} before the alert" : $"{TimeSeries.Describe(-lead)} after the alert began";
        var explanation = $"{e.Kind} '{e.Title}' {when}" + (shared is { } s ? $", on the same {s.Key} ({s.Value})" : "");
        return new RootCauseHint(HintSource.Event, e.Title, e.At, score, explanation);
    }

    static RootCauseHint? ScoreSeries(DateTimeOffset onset, CorrelationCandidate s, RootCauseSettings settings, CorrelationMatch? correlation)
    {
        var onsetNs = Timestamps.ToNanoseconds(onset);
        var fromNs = onsetNs - 2 * settings.Before.Ticks * 100;
        // Read past the window's end so that a change right at the onset still has a segment after it to be measured on.
        var toNs = onsetNs + Math.Max(settings.After.Ticks, settings.Before.Ticks / 3) * 100;
        var (t, x) = TimeSeries.Finite(s.TimestampsNs, s.Values);
        var first = Array.FindIndex(t, v => v >= fromNs);
        var last = Array.FindLastIndex(t, v => v <= toNs);
        if (first < 0 || last - first < 10) return null;
        var window = x.AsSpan(first, last - first + 1);
        var times = t.AsSpan(first, last - first + 1);
        var diffs = new double[window.Length - 1];
        for (var i = 1; i < window.Length; i++) diffs[i - 1] = window[i] - window[i - 1];
        var sigma = RobustStats.MadToSigma * RobustStats.Mad(diffs, RobustStats.Median(diffs)) / Math.Sqrt(2);

        ChangePoint? best = null;
        var bestSigmas = 0.0;
        foreach (var change in ChangePointDetector.Detect(times, window, maxChangePoints: 3))
        {
            var lead = onsetNs - change.TimestampNs;
            if (lead > settings.Before.Ticks * 100 || lead < -settings.After.Ticks * 100) continue;
            var sigmas = sigma > 0 ? Math.Abs(change.Shift) / sigma : double.PositiveInfinity;
            if (sigmas >= settings.MinShiftSigmas && sigmas > bestSigmas)
            {
                best = change;
                bestSigmas = sigmas;
            }
        }
        if (best is null) return null;

        var at = Timestamps.FromNanoseconds(best.TimestampNs);
        var leadTime = onset - at;
        // Changing before the alert is what "changed first" means; the earlier, the more likely a cause than a symptom.
        var timing = leadTime >= TimeSpan.Zero ? 0.6 + 0.4 * Math.Min(1, leadTime / settings.Before * 4) : 0.3;
        var size = Math.Min(1, bestSigmas / 10);
        var related = correlation is null ? 1 : 0.5 + 0.5 * Math.Abs(correlation.Pearson);
        var score = size * timing * related;
        var ci = CultureInfo.InvariantCulture;
        var when = leadTime >= TimeSpan.Zero ? $"{TimeSeries.Describe(leadTime)} before the alert" : $"{TimeSeries.Describe(-leadTime)} after the alert began";
        var explanation = string.Create(ci, $"{s.Name} {(best.Shift > 0 ? "rose" : "fell")} from {best.MeanBefore:0.###} to {best.MeanAfter:0.###} ({Math.Min(bestSigmas, 999):0.#}σ) {when}")
            + (correlation is null ? "" : string.Create(ci, $"; r = {correlation.Pearson:0.00} with the alerting series at lag {correlation.Lag}"));
        return new RootCauseHint(HintSource.Series, s.Name, at, score, explanation);
    }
}
