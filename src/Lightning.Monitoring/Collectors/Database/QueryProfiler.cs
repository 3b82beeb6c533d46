using System.Collections.Concurrent;

namespace Lightning.Monitoring.Collectors.Database;

/// <summary>
/// The platform's own database statements, timed by <see cref="QueryProfilerInterceptor"/> and grouped by their
/// normalised text. Keeps totals since start (for "the slowest statements") and a window that the collector drains each
/// interval. Bounded: past <see cref="QueryProfilerOptions.MaxStatements"/> shapes, new ones count under "(other)".
/// </summary>
public sealed class QueryProfiler(int maxStatements = 2000)
{
    public const string Other = "(other)";

    // Raw command text to its shape: EF sends the same few texts again and again, so each is normalised once.
    readonly ConcurrentDictionary<string, string> _shapes = new(StringComparer.Ordinal);
    readonly Dictionary<string, Accumulator> _total = new(StringComparer.Ordinal);
    Dictionary<string, Accumulator> _window = new(StringComparer.Ordinal);
    readonly Lock _lock = new();

    public void Record(string commandText, TimeSpan duration, bool failed)
    {
        ArgumentNullException.ThrowIfNull(commandText);
        if (!_shapes.TryGetValue(commandText, out var shape))
        {
            shape = SqlNormalizer.Normalize(commandText);
            if (_shapes.Count < maxStatements * 4) _shapes.TryAdd(commandText, shape);
        }

        var ms = duration.TotalMilliseconds;
        lock (_lock)
        {
            if (!_total.ContainsKey(shape) && _total.Count >= maxStatements) shape = Other;
            Add(_total, shape, ms, failed);
            Add(_window, shape, ms, failed);
        }
    }

    /// <summary>The statements with the most total time since start, slowest first.</summary>
    public IReadOnlyList<StatementStats> Slowest(int count)
    {
        lock (_lock) return Top(_total, count);
    }

    /// <summary>The window since the previous drain (most total time first, at most <paramref name="count"/>), then a new window.</summary>
    public IReadOnlyList<StatementStats> Drain(int count)
    {
        Dictionary<string, Accumulator> window;
        lock (_lock)
        {
            window = _window;
            _window = new(StringComparer.Ordinal);
        }

        return Top(window, count);
    }

    static void Add(Dictionary<string, Accumulator> stats, string shape, double ms, bool failed)
    {
        if (!stats.TryGetValue(shape, out var accumulator))
        {
            accumulator = new Accumulator();
            stats[shape] = accumulator;
        }

        accumulator.Count++;
        accumulator.TotalMs += ms;
        accumulator.MaxMs = Math.Max(accumulator.MaxMs, ms);
        if (failed) accumulator.Errors++;
    }

    static List<StatementStats> Top(Dictionary<string, Accumulator> stats, int count) =>
        stats.OrderByDescending(pair => pair.Value.TotalMs).Take(count)
            .Select(pair => new StatementStats(pair.Key, pair.Value.Count, pair.Value.TotalMs, pair.Value.MaxMs, pair.Value.Errors)).ToList();

    sealed class Accumulator
    {
        public long Count;
        public double TotalMs;
        public double MaxMs;
        public long Errors;
    }
}
