using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Alerts.Evaluation;

/// <summary>
/// A window of values reduced to one, as the stores' aggregates compute it (backtesting replays windows in memory
/// instead of querying the store once per step). NaN values are missing ones and are skipped.
/// </summary>
public static class Reducers
{
    public static Aggregate ToAggregate(Reducer reducer) => reducer switch
    {
        Reducer.Last => Aggregate.Last,
        Reducer.Mean => Aggregate.Mean,
        Reducer.Min => Aggregate.Min,
        Reducer.Max => Aggregate.Max,
        Reducer.Sum => Aggregate.Sum,
        Reducer.Count => Aggregate.Count,
        Reducer.Median => Aggregate.Median,
        Reducer.Stddev => Aggregate.Stddev,
        Reducer.Percentile => Aggregate.Percentile,
        _ => throw new ArgumentOutOfRangeException(nameof(reducer)),
    };

    /// <summary>The reduced value, or null when the window holds no value.</summary>
    public static double? Reduce(Reducer reducer, ReadOnlySpan<double> window, double? percentile = null)
    {
        var values = new List<double>(window.Length);
        foreach (var value in window)
        {
            if (!double.IsNaN(value)) values.Add(value);
        }

        if (values.Count == 0) return reducer == Reducer.Count ? 0 : null;
        switch (reducer)
        {
            case Reducer.Last: return values[^1];
            case Reducer.Mean: return values.Average();
            case Reducer.Min: return values.Min();
            case Reducer.Max: return values.Max();
            case Reducer.Sum: return values.Sum();
            case Reducer.Count: return values.Count;
            case Reducer.Stddev:
                if (values.Count < 2) return null;
                var mean = values.Average();
                return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
            case Reducer.Median:
                values.Sort();
                var middle = values.Count / 2;
                return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
            case Reducer.Percentile:
                // InfluxDB's nearest rank: the value at floor(N * p / 100 + 0.5), 1-based.
                values.Sort();
                var rank = (int)Math.Floor(values.Count * (percentile ?? 95) / 100 + 0.5);
                return values[Math.Clamp(rank - 1, 0, values.Count - 1)];
            default:
                throw new ArgumentOutOfRangeException(nameof(reducer));
        }
    }

    public static bool Compare(double value, ComparisonOperator op, double threshold) => op switch
    {
        ComparisonOperator.GreaterThan => value > threshold,
        ComparisonOperator.GreaterOrEqual => value >= threshold,
        ComparisonOperator.LessThan => value < threshold,
        ComparisonOperator.LessOrEqual => value <= threshold,
        ComparisonOperator.Equal => value == threshold,
        ComparisonOperator.NotEqual => value != threshold,
        _ => false,
    };
}
