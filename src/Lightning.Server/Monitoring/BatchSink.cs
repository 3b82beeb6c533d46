using Lightning.Core.Errors;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;

namespace Lightning.Server.Monitoring;

/// <summary>
/// A write-only <see cref="IMetricStore"/> that hands each batch to a callback: lets code that copies into a store
/// (<c>InfluxMigration.ImportAsync</c>) feed an export stream, or count what it copies into the real store.
/// </summary>
internal sealed class BatchSink(string kind, Func<PointBatch, CancellationToken, ValueTask> onBatch) : IMetricStore
{
    public string Kind => kind;

    public ValueTask WriteAsync(PointBatch batch, CancellationToken cancellationToken = default) => onBatch(batch, cancellationToken);

    public Task<QueryResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default) => throw WriteOnly();

    public Task<IReadOnlyList<string>> MeasurementsAsync(CancellationToken cancellationToken = default) => throw WriteOnly();

    public Task<IReadOnlyList<SeriesInfo>> SeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default) => throw WriteOnly();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    static LightningException WriteOnly() => new(ErrorKind.Invalid, "metrics.write_only", "This store only receives batches.");
}
