using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Storage.Embedded;

/// <summary>
/// Aggregates points into time buckets per result group. Mergeable aggregates (mean, min, max, sum, count, first, last)
/// keep a rollup-shaped state per bucket, so rollup rows and partial states from SQL merge with raw points; median,
/// stddev and percentile keep the bucket's values.
/// </summary>
internal sealed class BucketAggregator(int groups, long first, long? width, long bucketsPerGroup, Aggregate aggregate, double percentile)
{
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Auto)]
    struct State
    {
        public long Count;
        public double Sum;
        public double Min;
        public double Max;
        public long FirstTime;
        public double First;
        public long LastTime;
        public double Last;
    }

    readonly State[]?[] _states = new State[]?[groups];
    readonly List<double>?[]?[] _values = new List<double>?[]?[groups];

    public static bool IsMergeable(Aggregate aggregate) => aggregate is not (Aggregate.Median or Aggregate.Stddev or Aggregate.Percentile);

    int Index(long time) => width is { } w ? (int)((EmbeddedMetricStore.FloorTo(time, w) - first) / w) : 0;

    public void Add(int group, long time, double value)
    {
        var index = Index(time);
        if (index < 0 || index >= bucketsPerGroup) return;
        if (!IsMergeable(aggregate))
        {
            var lists = _values[group] ??= new List<double>?[bucketsPerGroup];
            (lists[index] ??= []).Add(value);
            return;
        }
        Merge(group, index, 1, value, value, value, time, value, time, value);
    }

    /// <summary>Merges a partial state (a rollup row, or an aggregate of raw rows computed in SQL) for the bucket starting at <paramref name="bucketStart"/>.</summary>
    public void MergeBucket(int group, long bucketStart, long count, double sum, double min, double max, long firstTime, double firstValue, long lastTime, double lastValue)
    {
        var index = width is { } w ? (int)((bucketStart - first) / w) : 0;
        if (index < 0 || index >= bucketsPerGroup || count == 0) return;
        Merge(group, index, count, sum, min, max, firstTime, firstValue, lastTime, lastValue);
    }

    void Merge(int group, int index, long count, double sum, double min, double max, long firstTime, double firstValue, long lastTime, double lastValue)
    {
        var states = _states[group] ??= new State[bucketsPerGroup];
        ref var state = ref states[index];
        if (state.Count == 0)
        {
            state = new State { Count = count, Sum = sum, Min = min, Max = max, FirstTime = firstTime, First = firstValue, LastTime = lastTime, Last = lastValue };
            return;
        }
        state.Count += count;
        state.Sum += sum;
        if (min < state.Min) state.Min = min;
        if (max > state.Max) state.Max = max;
        if (firstTime < state.FirstTime)
        {
            state.FirstTime = firstTime;
            state.First = firstValue;
        }
        if (lastTime > state.LastTime)
        {
            state.LastTime = lastTime;
            state.Last = lastValue;
        }
    }

    /// <summary>The group's non-empty buckets in time order: their starts (the range start when there is no width) and values.</summary>
    public (List<long> Times, List<double> Values) Result(int group, long from)
    {
        var times = new List<long>();
        var values = new List<double>();
        long Start(int index) => width is { } w ? first + index * w : from;
        if (IsMergeable(aggregate))
        {
            if (_states[group] is not { } states) return (times, values);
            for (var i = 0; i < states.Length; i++)
            {
                ref var state = ref states[i];
                if (state.Count == 0) continue;
                times.Add(Start(i));
                values.Add(aggregate switch
                {
                    Aggregate.Mean => state.Sum / state.Count,
                    Aggregate.Min => state.Min,
                    Aggregate.Max => state.Max,
                    Aggregate.Sum => state.Sum,
                    Aggregate.Count => state.Count,
                    Aggregate.First => state.First,
                    _ => state.Last,
                });
            }
            return (times, values);
        }
        if (_values[group] is not { } lists) return (times, values);
        for (var i = 0; i < lists.Length; i++)
        {
            if (lists[i] is not { Count: > 0 } bucket) continue;
            times.Add(Start(i));
            values.Add(Final(bucket));
        }
        return (times, values);
    }

    double Final(List<double> bucket)
    {
        var n = bucket.Count;
        switch (aggregate)
        {
            case Aggregate.Stddev:
            {
                if (n < 2) return double.NaN;
                var mean = 0d;
                foreach (var v in bucket) mean += v;
                mean /= n;
                var squares = 0d;
                foreach (var v in bucket) squares += (v - mean) * (v - mean);
                return Math.Sqrt(squares / (n - 1));
            }
            case Aggregate.Median:
            {
                bucket.Sort();
                return n % 2 == 1 ? bucket[n / 2] : bucket[n / 2 - 1] + (bucket[n / 2] - bucket[n / 2 - 1]) / 2;
            }
            default:
            {
                // InfluxQL's percentile: the nearest-rank value, index floor(n * p / 100 + 0.5), clamped to the points there are.
                bucket.Sort();
                var rank = (long)Math.Floor(n * percentile / 100.0 + 0.5);
                return bucket[(int)Math.Clamp(rank, 1, n) - 1];
            }
        }
    }
}
