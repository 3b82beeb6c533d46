using System.Globalization;
using Lightning.Monitoring.Analysis.Statistics;

namespace Lightning.Monitoring.Analysis.Anomalies;

/// <summary>
/// The consensus of three anomaly models (EWMA z-score, median absolute deviation, seasonal Holt-Winters): a point is
/// anomalous only when at least <see cref="AnomalySettings.RequiredAgreement"/> of them say so. Stateless: every call
/// judges the newest point(s) against the history before them, so an alert rule can call it on each evaluation with
/// whatever its query returned.
/// </summary>
public static class AnomalyDetector
{
    const int Models = 3;

    /// <summary>Judges the last <see cref="AnomalySettings.JudgedPoints"/> points; NaN values (empty buckets) are skipped.</summary>
    public static AnomalyVerdict Evaluate(ReadOnlySpan<long> timestampsNs, ReadOnlySpan<double> values, AnomalySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        TimeSeries.Validate(timestampsNs, values);
        if (!TimeSeries.AllFinite(values))
        {
            var (t, x) = TimeSeries.Finite(timestampsNs, values);
            return Evaluate(t, x, settings);
        }

        AnomalyVerdict? worst = null;
        var judged = Math.Min(settings.JudgedPoints, values.Length);
        for (var index = values.Length - judged; index < values.Length; index++)
        {
            var verdict = JudgeAt(timestampsNs, values, index, settings);
            if (worst is null || verdict.Score > worst.Score || (verdict.IsAnomalous && !worst.IsAnomalous)) worst = verdict;
        }
        return worst ?? AnomalyVerdict.NotJudged("no points to judge");
    }

    /// <summary>
    /// Judges every point from <see cref="AnomalySettings.MinHistory"/> on, as an alert evaluating after each point
    /// would, and returns the runs of consecutive anomalous points (for backtesting a rule over stored history).
    /// </summary>
    public static IReadOnlyList<AnomalySpan> Scan(ReadOnlySpan<long> timestampsNs, ReadOnlySpan<double> values, AnomalySettings settings, int startIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(settings);
        TimeSeries.Validate(timestampsNs, values);
        if (!TimeSeries.AllFinite(values))
        {
            var (t, x) = TimeSeries.Finite(timestampsNs, values);
            return Scan(t, x, settings, startIndex);
        }

        var spans = new List<AnomalySpan>();
        int open = -1;
        AnomalyVerdict? peak = null;
        for (var index = Math.Max(startIndex, settings.MinHistory); index < values.Length; index++)
        {
            var verdict = JudgeAt(timestampsNs, values, index, settings);
            if (verdict.IsAnomalous)
            {
                if (open < 0) open = index;
                if (peak is null || verdict.Score > peak.Score) peak = verdict;
                continue;
            }
            if (open >= 0) spans.Add(new(open, index - 1, timestampsNs[open], timestampsNs[index - 1], peak!.Score, peak.Reason) { Models = Agreeing(peak) });
            open = -1;
            peak = null;
        }
        if (open >= 0) spans.Add(new(open, values.Length - 1, timestampsNs[open], timestampsNs[^1], peak!.Score, peak.Reason) { Models = Agreeing(peak) });
        return spans;
    }

    static string[] Agreeing(AnomalyVerdict verdict) => [.. verdict.Models.Where(m => m.IsAnomalous).Select(m => m.Model)];

    /// <summary>Judges values[index] against values[..index] (bounded by <see cref="AnomalySettings.MaxHistory"/>).</summary>
    internal static AnomalyVerdict JudgeAt(ReadOnlySpan<long> timestampsNs, ReadOnlySpan<double> values, int index, AnomalySettings settings)
    {
        var from = Math.Max(0, index - settings.MaxHistory);
        var history = values[from..index];
        if (history.Length < settings.MinHistory)
        {
            return AnomalyVerdict.NotJudged(string.Create(CultureInfo.InvariantCulture,
                $"not enough history to judge ({history.Length} points, {settings.MinHistory} needed)")) with { Index = index, TimestampNs = timestampsNs[index] };
        }

        var context = new ModelContext(TailFactor(history, settings), SeasonLength(timestampsNs[from..index], history, settings));
        var value = values[index];
        ModelVerdict[] models =
        [
            EwmaModel.Judge(history, value, settings, context),
            MadModel.Judge(history, value, settings, context),
            HoltWintersModel.Judge(history, value, settings, context),
        ];
        return Combine(models, settings) with { Index = index, TimestampNs = timestampsNs[index] };
    }

    static AnomalyVerdict Combine(ModelVerdict[] models, AnomalySettings settings)
    {
        Span<double> scores = stackalloc double[Models];
        var agreeing = 0;
        for (var i = 0; i < Models; i++)
        {
            scores[i] = models[i].Score;
            if (models[i].IsAnomalous) agreeing++;
        }
        scores.Sort();
        var k = settings.RequiredAgreement;
        var score = scores[Models - k];
        var anomalous = agreeing >= k;
        var details = string.Join("; ", models.Select(m => $"{m.Model}: {m.Reason}"));
        var head = anomalous
            ? $"{agreeing} of {Models} models agree it is anomalous"
            : $"{agreeing} of {Models} models see an anomaly ({k} needed)";
        return new AnomalyVerdict(anomalous, score, models, $"{head}: {details}");
    }

    /// <summary>Point-to-point changes are normalised by the robust scale of their block of this many points.</summary>
    const int TailBlock = 60;

    /// <summary>
    /// A block with at least <see cref="ClusteredChanges"/> changes beyond <see cref="ClusteredChangeSigmas"/> of its own
    /// scale is left out of the tail ratio: heavy-tailed noise scatters its large draws independently (each draw makes
    /// two large changes, in and out, hence 6 and not fewer; simulated, about 1 block in 2,000 of Student-t(5) noise and
    /// 1 in 600 of Laplace noise has 6, and none of normal noise), so such a cluster is the edge of a variance burst
    /// covering a minority of the block (whose central scale still comes from the quiet part), not tail evidence.
    /// Without this, a past burst read as heavy tails and raised every threshold on a normal series for days.
    /// </summary>
    const int ClusteredChanges = 6;

    const double ClusteredChangeSigmas = 3.5;

    /// <summary>
    /// The tail percentiles measured, and what each gives on normal noise with this block scale (the medians over the
    /// anomaly benchmark's normal series; the exact-σ values would be 2.17, 2.33 and 2.58). No higher percentile: a
    /// variance burst or a daily step covering 1-2 % of the history would read as heavy tails for as long as it stays in
    /// the history.
    /// </summary>
    static ReadOnlySpan<double> TailQuantiles => [0.97, 0.98, 0.99];

    static ReadOnlySpan<double> NormalTailQuantiles => [2.262, 2.445, 2.754];

    /// <summary>
    /// How heavy the tails of the history are, as a factor on every model's threshold. Point-to-point changes (which
    /// level, trend and season barely touch) are divided by the scale of their block of <see cref="TailBlock"/> points,
    /// so that a burst of higher variance measures as a burst and not as heavy tails. Their 97th, 98th and 99th
    /// percentiles over the normal ones, as a geometric mean (the tail ratio: three percentiles spread less than one),
    /// decide between normal tails (factor 1, up to <see cref="AnomalySettings.TailRatioNormal"/>) and heavy tails
    /// (<see cref="AnomalySettings.MaxTailFactor"/>, from <see cref="AnomalySettings.TailRatioHeavy"/>), linearly between.
    /// <para>
    /// Why a ramp between two cut-offs rather than a smooth power of the ratio: the ratio only tells normal noise (0.99,
    /// 99 % of histories below 1.07) from Student-t(5) or Laplace noise (1.19 and 1.26, 99 % above 1.10), and both heavy
    /// tails need the whole factor for their own 10-12σ draws not to fire. A power of the ratio (the rule before, (q98 /
    /// 2.41)^5 capped at 2.4) gave a t(5) history that read a little light only 1.6-2.0, so its 10-12σ draws fired, and
    /// raised thresholds by 20-40 % on normal and AR(1) histories that read a little heavy, so it missed anomalies there.
    /// </para>
    /// </summary>
    internal static double TailFactor(ReadOnlySpan<double> history, AnomalySettings settings)
    {
        if (settings.MaxTailFactor <= 1 || history.Length < 2 * TailBlock) return 1;
        var n = (history.Length - 1) / TailBlock * TailBlock;
        var offset = history.Length - n;
        var normalised = new double[n];
        Span<double> block = stackalloc double[TailBlock];
        Span<double> sorted = stackalloc double[TailBlock];
        var used = 0;
        for (var b = 0; b < n; b += TailBlock)
        {
            for (var i = 0; i < TailBlock; i++) block[i] = history[offset + b + i] - history[offset + b + i - 1];
            var median = RobustStats.Median(block);
            for (var i = 0; i < TailBlock; i++) sorted[i] = block[i] = Math.Abs(block[i] - median);
            var scale = CentralScale(sorted);
            if (scale <= 0) continue;
            // Sorted ascending: the block's largest changes are at the end.
            if (sorted[TailBlock - ClusteredChanges] > ClusteredChangeSigmas * scale) continue;
            for (var i = 0; i < TailBlock; i++) normalised[used++] = block[i] / scale;
        }
        if (used < TailBlock) return 1;
        var changes = normalised.AsSpan(0, used);
        var logRatio = 0.0;
        // Selections, not a sort: each leaves the span reordered but holding the same values.
        for (var i = 0; i < TailQuantiles.Length; i++) logRatio += Math.Log(RobustStats.QuantileInPlace(changes, TailQuantiles[i]) / NormalTailQuantiles[i]);
        var ratio = Math.Exp(logRatio / TailQuantiles.Length);
        var heavy = Math.Clamp((ratio - settings.TailRatioNormal) / (settings.TailRatioHeavy - settings.TailRatioNormal), 0, 1);
        return 1 + (settings.MaxTailFactor - 1) * heavy;
    }

    /// <summary>
    /// The scale of a block of absolute deviations: the mean of their middle half (ranks 25 %-75 %), over 0.7 (about that
    /// mean for unit normal noise). The median alone (the MAD) jumps between grid steps on quantised series, which read
    /// as heavy tails; an average of 30 order statistics does not.
    /// </summary>
    static double CentralScale(Span<double> deviations)
    {
        deviations.Sort();
        var sum = 0.0;
        for (var i = deviations.Length / 4; i < deviations.Length * 3 / 4; i++) sum += deviations[i];
        return sum / (deviations.Length / 2) / 0.7;
    }

    /// <summary>The Holt-Winters season in points: the configured one, or the best candidate the autocorrelation supports.</summary>
    internal static int SeasonLength(ReadOnlySpan<long> timestampsNs, ReadOnlySpan<double> history, AnomalySettings settings)
    {
        if (history.Length < 2 || settings.Season == TimeSpan.Zero) return 0;
        var interval = (double)(timestampsNs[^1] - timestampsNs[0]) / (history.Length - 1);
        if (interval <= 0) return 0;
        int ToPoints(TimeSpan span) => (int)Math.Round(span.Ticks * 100 / interval);
        if (settings.Season is { } season)
        {
            var points = ToPoints(season);
            return points >= 2 && history.Length >= 2 * points ? points : 0;
        }
        Span<int> candidates = stackalloc int[settings.SeasonCandidates.Count];
        for (var i = 0; i < candidates.Length; i++) candidates[i] = ToPoints(settings.SeasonCandidates[i]);
        return SeasonDetector.DetectAmong(history, candidates);
    }
}
