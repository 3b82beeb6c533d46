using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Storage;

/// <summary>
/// Where metrics are kept. Two implementations answer the same calls the same way: the embedded store (a DuckDB file in
/// the data directory, the default) and an InfluxDB 1.x server over its HTTP API.
/// </summary>
public interface IMetricStore : IAsyncDisposable
{
    /// <summary>"embedded" or "influxdb", as configuration names them.</summary>
    string Kind { get; }

    /// <summary>
    /// Stores every row of the batch, or none of them (a rejected batch throws and writes nothing). A store must not keep
    /// the batch once the returned task has completed successfully: ingest reuses its batches.
    /// </summary>
    ValueTask WriteAsync(PointBatch batch, CancellationToken cancellationToken = default);

    Task<QueryResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> MeasurementsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SeriesInfo>> SeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// The distinct values of one tag key (the hosts reporting, the processes of a host), sorted and bounded. This
    /// default reads every matching series; the embedded and InfluxDB stores answer from their indexes instead.
    /// </summary>
    async Task<IReadOnlyList<string>> TagValuesAsync(TagValuesFilter filter, CancellationToken cancellationToken = default)
    {
        TagValues.Validate(filter);
        var series = await SeriesAsync(new SeriesFilter(filter.Measurement, filter.Where, int.MaxValue), cancellationToken);
        return TagValues.Of(series.Select(s => s.Series), filter);
    }
}
