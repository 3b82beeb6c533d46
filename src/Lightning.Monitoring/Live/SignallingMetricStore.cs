using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;

namespace Lightning.Monitoring.Live;

/// <summary>
/// The configured <see cref="IMetricStore"/> with a <see cref="MetricWriteSignal"/> raised after each committed write,
/// so every write path (ingest, collectors, scraping, imports) feeds live views without knowing about them. The inner
/// store stays owned (and disposed) by its own registration.
/// </summary>
public sealed class SignallingMetricStore(IMetricStore inner, MetricWriteSignal signal) : IMetricStore, IMetricStoreDecorator
{
    public IMetricStore Inner => inner;

    public string Kind => inner.Kind;

    public async ValueTask WriteAsync(PointBatch batch, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(batch, cancellationToken);
        signal.Notify(batch);
    }

    public Task<QueryResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public Task<IReadOnlyList<string>> MeasurementsAsync(CancellationToken cancellationToken = default) => inner.MeasurementsAsync(cancellationToken);

    public Task<IReadOnlyList<SeriesInfo>> SeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default) => inner.SeriesAsync(filter, cancellationToken);

    public Task<IReadOnlyList<string>> TagValuesAsync(TagValuesFilter filter, CancellationToken cancellationToken = default) => inner.TagValuesAsync(filter, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
