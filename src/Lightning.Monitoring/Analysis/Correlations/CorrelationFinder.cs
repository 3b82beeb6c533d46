using System.Globalization;
using Lightning.Monitoring.Analysis.Statistics;

namespace Lightning.Monitoring.Analysis.Correlations;

/// <summary>
/// Which candidates moved with a target: every series is turned into bucket means on one grid, then for each lag in
/// −MaxLag..MaxLag the Pearson and Spearman correlations are computed over the buckets both have; a candidate's best
/// lag is the one with the largest |r| (by <see cref="CorrelationSettings.RankBy"/>), and candidates are ranked by it.
/// </summary>
public static class CorrelationFinder
{
    public static IReadOnlyList<CorrelationMatch> Find(CorrelationCandidate target, IEnumerable<CorrelationCandidate> candidates, CorrelationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        TimeSeries.Validate(target.TimestampsNs, target.Values);
        var list = candidates.ToList();
        foreach (var c in list) TimeSeries.Validate(c.TimestampsNs, c.Values);
        if (target.TimestampsNs.Length == 0) return [];

        var bucket = settings.Bucket.Ticks * 100;
        var from = target.TimestampsNs[0] - (long)settings.MaxLag * bucket;
        var to = target.TimestampsNs[^1] + 1 + (long)settings.MaxLag * bucket;
        var (_, y) = Prepare(target, from, to, bucket, settings.Differences);

        var matches = new List<CorrelationMatch>();
        foreach (var candidate in list)
        {
            var (_, x) = Prepare(candidate, from, to, bucket, settings.Differences);
            CorrelationMatch? best = null;
            for (var lag = -settings.MaxLag; lag <= settings.MaxLag; lag++)
            {
                var match = AtLag(candidate.Name, y, x, lag, settings);
                if (match is null) continue;
                if (best is null || match.Strength(settings.RankBy) > best.Strength(settings.RankBy) + 1e-12
                    || (Math.Abs(match.Strength(settings.RankBy) - best.Strength(settings.RankBy)) <= 1e-12 && Math.Abs(lag) < Math.Abs(best.LagBuckets)))
                    best = match;
            }
            if (best is not null && best.Strength(settings.RankBy) >= settings.MinCorrelation) matches.Add(best);
        }
        return matches.OrderByDescending(m => m.Strength(settings.RankBy)).ThenBy(m => Math.Abs(m.LagBuckets)).ToList();
    }

    static (long[] Grid, double[] Values) Prepare(CorrelationCandidate series, long from, long to, long bucket, bool differences)
    {
        var (grid, values) = TimeSeries.Bucket(series.TimestampsNs, series.Values, from, to, bucket);
        if (!differences) return (grid, values);
        var changes = new double[values.Length];
        changes[0] = double.NaN;
        for (var i = 1; i < values.Length; i++) changes[i] = values[i] - values[i - 1];
        return (grid, changes);
    }

    /// <summary>Target at bucket i against the candidate at bucket i − lag (a positive lag: the candidate earlier).</summary>
    static CorrelationMatch? AtLag(string name, double[] target, double[] candidate, int lag, CorrelationSettings settings)
    {
        var ys = new List<double>(target.Length);
        var xs = new List<double>(target.Length);
        for (var i = 0; i < target.Length; i++)
        {
            var j = i - lag;
            if (j < 0 || j >= candidate.Length || !double.IsFinite(target[i]) || !double.IsFinite(candidate[j])) continue;
            ys.Add(target[i]);
            xs.Add(candidate[j]);
        }
        if (ys.Count < settings.MinOverlap) return null;
        var pearson = Pearson(xs, ys);
        if (double.IsNaN(pearson)) return null;
        var spearman = Pearson(Ranks(xs), Ranks(ys));
        var lagTime = TimeSpan.FromTicks(settings.Bucket.Ticks * lag);
        var r = settings.RankBy == CorrelationMethod.Spearman ? spearman : pearson;
        var when = lag == 0 ? "at the same time"
            : lag > 0 ? $"{TimeSeries.Describe(lagTime)} before the target" : $"{TimeSeries.Describe(-lagTime)} after the target";
        var explanation = string.Create(CultureInfo.InvariantCulture,
            $"{name} moves {(r >= 0 ? "with" : "against")} the target {when} ({settings.RankBy.ToString().ToLowerInvariant()} r = {r:0.00} over {ys.Count} buckets)");
        return new CorrelationMatch(name, lag, lagTime, pearson, double.IsNaN(spearman) ? 0 : spearman, ys.Count, explanation);
    }

    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var n = x.Count;
        double mx = 0, my = 0;
        for (var i = 0; i < n; i++)
        {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx <= 0 || syy <= 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Ranks 1..n, ties sharing their average rank.</summary>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]]) j++;
            var rank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        return ranks;
    }
}
