using Lightning.Monitoring.Analysis.Statistics;

namespace Lightning.Monitoring.Analysis.Trends;

/// <summary>
/// Shifts in the mean by binary segmentation: split where the squared error falls most, keep the split when it falls
/// by more than a penalty of <c>penalty × σ² × ln n</c> (σ from point-to-point changes, so a trend or the shift itself
/// does not inflate it), and recurse into both halves.
/// </summary>
public static class ChangePointDetector
{
    public static IReadOnlyList<ChangePoint> Detect(ReadOnlySpan<long> timestampsNs, ReadOnlySpan<double> values, int maxChangePoints = 5, int minSegment = 5, double penalty = 3)
    {
        var n = values.Length;
        if (n < 2 * minSegment || maxChangePoints <= 0) return [];
        var prefix = new double[n + 1];
        var prefixSquares = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            prefix[i + 1] = prefix[i] + values[i];
            prefixSquares[i + 1] = prefixSquares[i] + values[i] * values[i];
        }
        var diffs = new double[n - 1];
        for (var i = 1; i < n; i++) diffs[i - 1] = values[i] - values[i - 1];
        var sigma = RobustStats.MadToSigma * RobustStats.Mad(diffs, RobustStats.Median(diffs)) / Math.Sqrt(2);
        if (sigma <= 0) sigma = RobustStats.StandardDeviation(values) / 10;
        if (!(sigma > 0)) return [];
        var threshold = penalty * sigma * sigma * Math.Log(n);

        var splits = new List<int>();
        var pending = new Stack<(int From, int To)>();
        pending.Push((0, n));
        while (pending.Count > 0 && splits.Count < maxChangePoints)
        {
            var (from, to) = pending.Pop();
            var best = -1;
            var bestGain = threshold;
            var whole = Cost(from, to);
            for (var k = from + minSegment; k <= to - minSegment; k++)
            {
                var gain = whole - Cost(from, k) - Cost(k, to);
                if (gain > bestGain)
                {
                    bestGain = gain;
                    best = k;
                }
            }
            if (best < 0) continue;
            splits.Add(best);
            pending.Push((from, best));
            pending.Push((best, to));
        }

        splits.Sort();
        var result = new List<ChangePoint>(splits.Count);
        for (var i = 0; i < splits.Count; i++)
        {
            var start = i == 0 ? 0 : splits[i - 1];
            var end = i == splits.Count - 1 ? n : splits[i + 1];
            result.Add(new ChangePoint(timestampsNs[splits[i]], splits[i], Mean(start, splits[i]), Mean(splits[i], end)));
        }
        return result;

        double Mean(int from, int to) => (prefix[to] - prefix[from]) / (to - from);

        double Cost(int from, int to)
        {
            var count = to - from;
            var sum = prefix[to] - prefix[from];
            return prefixSquares[to] - prefixSquares[from] - sum * sum / count;
        }
    }
}
