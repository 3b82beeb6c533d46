using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Monitoring.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Monitoring.Storage.Influx;

/// <summary>What a migration moved.</summary>
public sealed record MigrationResult(long Rows, int Series, IReadOnlyList<string> Skipped);

/// <summary>Which part of an InfluxDB database an import reads: some measurements (null: all) and a time range (null: open).</summary>
public sealed record InfluxImportScope(IReadOnlyCollection<string>? Measurements = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>
/// Moves metrics between an InfluxDB 1.x database and any <see cref="IMetricStore"/>: import reads every series of every
/// measurement with chunked <c>SELECT * ... GROUP BY *</c> (types from <c>SHOW FIELD KEYS</c>); export reads each
/// series and numeric field of a store over a time range, in windows, and writes it as line protocol.
/// </summary>
public sealed class InfluxMigration(InfluxMetricStore influx, ILogger? logger = null)
{
    readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>Every point of the InfluxDB database into <paramref name="target"/>, written in batches of about <paramref name="chunkSize"/> rows.</summary>
    public Task<MigrationResult> ImportAsync(IMetricStore target, int chunkSize = 10_000, CancellationToken cancellationToken = default) =>
        ImportAsync(target, new InfluxImportScope(), chunkSize, cancellationToken);

    /// <summary>The points of <paramref name="scope"/> (measurements, time range) into <paramref name="target"/>; an unknown measurement is skipped.</summary>
    public async Task<MigrationResult> ImportAsync(IMetricStore target, InfluxImportScope scope, int chunkSize = 10_000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        long rows = 0;
        var series = new HashSet<string>(StringComparer.Ordinal);
        var range = new List<string>(2);
        if (scope.From is { } from) range.Add("time >= " + Timestamps.ToNanoseconds(from).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (scope.To is { } to) range.Add("time < " + Timestamps.ToNanoseconds(to).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var where = range.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", range);
        var skipped = new List<string>();
        var measurements = await influx.MeasurementsAsync(cancellationToken);
        if (scope.Measurements is { } wanted) skipped.AddRange(wanted.Where(name => !measurements.Contains(name, StringComparer.Ordinal)));
        foreach (var measurement in measurements.Where(name => scope.Measurements is null || scope.Measurements.Contains(name)))
        {
            var kinds = await influx.FieldKeysAsync(measurement, cancellationToken);
            var statement = "SELECT * FROM " + InfluxQl.Source(influx.Database, null, measurement) + where + " GROUP BY *";
            var batch = new PointBatch(chunkSize);
            await foreach (var chunk in influx.QueryChunksAsync(statement, chunkSize, cancellationToken))
            {
                foreach (var one in chunk)
                {
                    var key = new SeriesKey(measurement, one.Tags.Where(t => t.Value.Length > 0));
                    series.Add(key.Canonical);
                    var index = batch.AddSeries(key);
                    foreach (var row in one.Values)
                    {
                        var time = row[0].GetInt64();
                        for (var c = 1; c < row.Length; c++)
                        {
                            if (row[c].ValueKind == JsonValueKind.Null) continue;
                            var field = one.Columns[c];
                            batch.Add(index, field, time, Value(row[c], kinds.GetValueOrDefault(field, FieldKind.Float)));
                        }
                    }
                }

                if (batch.Count >= chunkSize)
                {
                    rows += batch.Count;
                    await target.WriteAsync(batch, cancellationToken);
                    batch = new PointBatch(chunkSize);
                }
            }

            rows += batch.Count;
            if (batch.Count > 0) await target.WriteAsync(batch, cancellationToken);
        }

        Log.Imported(_logger, rows, series.Count, influx.Database);
        return new MigrationResult(rows, series.Count, skipped);
    }

    /// <summary>
    /// Every series of <paramref name="source"/> with points in [from, to) into the InfluxDB database, read in
    /// windows of <paramref name="window"/> (default a day) so no single query is too large. Only numeric fields can be
    /// read through a store's query; string fields are named in <see cref="MigrationResult.Skipped"/>.
    /// </summary>
    public async Task<MigrationResult> ExportAsync(IMetricStore source, DateTimeOffset from, DateTimeOffset to, TimeSpan? window = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (from >= to) throw new ValidationFailedException("The export range is empty: from must be before to.");
        var step = window ?? TimeSpan.FromDays(1);
        if (step <= TimeSpan.Zero) throw new ValidationFailedException("The export window must be positive.");
        long rows = 0;
        var skipped = new List<string>();
        var all = await source.SeriesAsync(new SeriesFilter(Limit: int.MaxValue), cancellationToken);
        foreach (var info in all)
        {
            var where = info.Series.Tags.Select(t => new TagFilter(t.Key, TagOperator.Equal, t.Value)).ToArray();
            foreach (var (field, kind) in info.Fields)
            {
                if (kind == FieldKind.String) { skipped.Add($"{info.Series.Canonical} {field}"); continue; }
                for (var start = from; start < to; start += step)
                {
                    var end = start + step < to ? start + step : to;
                    var result = await source.QueryAsync(new MetricQuery
                    {
                        Measurement = info.Series.Measurement, Field = field, Where = where, GroupBy = ["*"], From = start, To = end,
                    }, cancellationToken);
                    // The tag filters also match series with more tags: keep the one whose tags are exactly these.
                    var exact = result.Series.FirstOrDefault(s => s.Tags.Count == info.Series.Tags.Count);
                    if (exact is null || exact.Values.Length == 0) continue;
                    var batch = new PointBatch(exact.Values.Length);
                    var index = batch.AddSeries(info.Series);
                    for (var i = 0; i < exact.Values.Length; i++)
                    {
                        var value = kind switch
                        {
                            FieldKind.Integer => FieldValue.OfInteger((long)exact.Values[i]),
                            FieldKind.Boolean => FieldValue.OfBoolean(exact.Values[i] != 0),
                            _ => FieldValue.OfFloat(exact.Values[i]),
                        };
                        batch.Add(index, field, exact.TimestampsNs[i], value);
                    }

                    rows += batch.Count;
                    await influx.WriteAsync(batch, cancellationToken);
                }
            }
        }

        Log.Exported(_logger, rows, all.Count, influx.Database);
        return new MigrationResult(rows, all.Count, skipped);
    }

    static FieldValue Value(JsonElement cell, FieldKind kind) => kind switch
    {
        FieldKind.Integer => FieldValue.OfInteger(cell.GetInt64()),
        FieldKind.Boolean => FieldValue.OfBoolean(cell.GetBoolean()),
        FieldKind.String => FieldValue.OfString(cell.GetString() ?? ""),
        _ => FieldValue.OfFloat(cell.GetDouble()),
    };
}
