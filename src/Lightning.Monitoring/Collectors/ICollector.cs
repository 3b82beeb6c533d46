using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Collectors;

/// <summary>
/// A source of points that the <see cref="CollectorHost"/> runs on its own interval. A collector keeps whatever state it
/// needs between runs (previous counters for rates) and adds one sample per series to the batch it is given.
/// </summary>
public interface ICollector
{
    /// <summary>The collector's name in logs and options ("host", "process", "runtime", "http", "postgres", "queries").</summary>
    string Name { get; }

    TimeSpan Interval { get; }

    /// <summary>Adds this run's points to <paramref name="batch"/>, all stamped <paramref name="now"/>.</summary>
    ValueTask CollectAsync(PointBatch batch, DateTimeOffset now, CancellationToken cancellationToken);
}
