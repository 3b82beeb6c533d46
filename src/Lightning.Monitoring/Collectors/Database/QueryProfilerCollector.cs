using Lightning.Monitoring.Model;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Collectors.Database;

/// <summary>
/// Writes the profiler's window each interval as <c>db_query</c> (tag statement: the normalised text): count, total_ms,
/// mean_ms, max_ms and errors of the statements with the most total time in the interval.
/// </summary>
public sealed class QueryProfilerCollector(QueryProfiler profiler, IOptions<CollectorOptions> options) : ICollector
{
    readonly QueryProfilerOptions _options = options.Value.Queries;

    public string Name => "queries";

    public TimeSpan Interval => _options.Interval;

    public ValueTask CollectAsync(PointBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var timestampNs = Timestamps.ToNanoseconds(now);
        foreach (var stats in profiler.Drain(_options.TopStatements))
        {
            var series = batch.AddSeries(new SeriesKey("db_query", [new("statement", StatementTags.Shorten(stats.Statement))]));
            batch.Add(series, "count", timestampNs, FieldValue.OfInteger(stats.Count));
            batch.Add(series, "total_ms", timestampNs, FieldValue.OfFloat(stats.TotalMs));
            batch.Add(series, "mean_ms", timestampNs, FieldValue.OfFloat(stats.MeanMs));
            batch.Add(series, "max_ms", timestampNs, FieldValue.OfFloat(stats.MaxMs));
            batch.Add(series, "errors", timestampNs, FieldValue.OfInteger(stats.Errors));
        }

        return ValueTask.CompletedTask;
    }
}
