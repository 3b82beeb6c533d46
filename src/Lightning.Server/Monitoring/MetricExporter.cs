using System.Buffers;
using System.Globalization;
using System.Text;
using Lightning.Core.Errors;
using Lightning.Core.Storage;
using Lightning.Monitoring.Ingest.LineProtocol;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Querying;
using Lightning.Monitoring.Storage;
using Lightning.Monitoring.Storage.Embedded;
using Lightning.Monitoring.Storage.Influx;
using Microsoft.Extensions.Options;

namespace Lightning.Server.Monitoring;

/// <summary>What one export reads: checked before the answer starts, so every mistake is a ProblemDetails.</summary>
public sealed record MetricExportPlan(string? Measurement, IReadOnlySet<string>? Series, DateTimeOffset From, DateTimeOffset To, MetricExportFormat Format);

/// <summary>
/// Streams stored points out as line protocol or CSV, batch by batch (nothing is held whole), or as Parquet through a
/// temporary file (DuckDB writes Parquet to a file). The embedded store reads with <see cref="EmbeddedMetricStore.ReadBatchesAsync"/>
/// (every type, strings included); InfluxDB is read with chunked <c>SELECT *</c> (line protocol and CSV only).
/// </summary>
public sealed class MetricExporter(IMetricStore store, IOptions<MonitoringOperationsOptions> options, IOptions<LightningOptions> lightning)
{
    public const string CsvHeader = "time,time_ns,measurement,series,field,value,integer,text";

    /// <summary>Reads and checks the request's parameters; an unknown measurement is 404, anything else wrong is 400 naming the parameter.</summary>
    public async Task<MetricExportPlan> PlanAsync(string? measurement, string? where, string? from, string? to, string? format, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var validator = new Validator();
        var exportFormat = MetricExportFormat.LineProtocol;
        IReadOnlyList<TagFilter> filters = [];
        DateTimeOffset start = now.AddDays(-1), end = now;
        Collect(validator, () => exportFormat = MetricExportFormats.Parse(format));
        Collect(validator, () => filters = MetricQueryText.ParseWhere(where));
        if (!string.IsNullOrWhiteSpace(from)) Collect(validator, () => start = MetricQueryText.ParseTime(from, now, "from"));
        if (!string.IsNullOrWhiteSpace(to)) Collect(validator, () => end = MetricQueryText.ParseTime(to, now, "to"));
        if (validator.IsValid && start >= end) validator.Add("to", "to must be after from.");
        var widest = options.Value.MaxExportRange;
        if (validator.IsValid && end - start > widest)
        {
            validator.Add("from", $"The export covers {Durations.Format(end - start)}; one export covers at most {Durations.Format(widest)} " +
                                  $"({MonitoringOperationsOptions.SectionName}:MaxExportRange): narrow from/to or export in parts.");
        }

        if (exportFormat == MetricExportFormat.Parquet && store.Underlying() is not EmbeddedMetricStore)
            validator.Add("format", "Parquet export needs the embedded store; with InfluxDB export csv or lineprotocol.");
        if (exportFormat == MetricExportFormat.Parquet && filters.Count > 0)
            validator.Add("where", "Parquet export takes a whole measurement; leave out where, or export csv or lineprotocol.");
        if (filters.Count > 0 && string.IsNullOrWhiteSpace(measurement))
            validator.Add("where", "A tag filter needs a measurement.");
        validator.ThrowIfInvalid();

        var name = string.IsNullOrWhiteSpace(measurement) ? null : measurement.Trim();
        if (name is not null && !(await store.MeasurementsAsync(cancellationToken)).Contains(name, StringComparer.Ordinal))
            throw new LightningException(ErrorKind.NotFound, "metrics.measurement_not_found", $"No measurement '{name}' in the metric store.");
        IReadOnlySet<string>? series = null;
        if (filters.Count > 0)
        {
            var matching = await store.SeriesAsync(new SeriesFilter(name, filters, int.MaxValue), cancellationToken);
            series = matching.Select(info => info.Series.Canonical).ToHashSet(StringComparer.Ordinal);
        }

        return new MetricExportPlan(name, series, start, end, exportFormat);
    }

    /// <summary>Writes the export to <paramref name="output"/>; returns the rows (field values) written.</summary>
    public async Task<long> WriteAsync(MetricExportPlan plan, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(output);
        if (plan.Format == MetricExportFormat.Parquet) return await WriteParquetAsync(plan, output, cancellationToken);

        var buffer = new ArrayBufferWriter<byte>(256 * 1024);
        long rows = 0;
        if (plan.Format == MetricExportFormat.Csv)
        {
            Encoding.UTF8.GetBytes(CsvHeader + "\n", buffer);
            await FlushAsync(output, buffer, cancellationToken);
        }

        await ReadAsync(plan, async (batch, token) =>
        {
            var selected = Select(batch, plan.Series);
            if (selected.Count == 0) return;
            rows += selected.Count;
            if (plan.Format == MetricExportFormat.Csv) WriteCsv(selected, buffer);
            else LineProtocolWriter.Write(selected, buffer);
            await FlushAsync(output, buffer, token);
        }, cancellationToken);
        return rows;
    }

    async Task ReadAsync(MetricExportPlan plan, Func<PointBatch, CancellationToken, ValueTask> onBatch, CancellationToken cancellationToken)
    {
        switch (store.Underlying())
        {
            case EmbeddedMetricStore embedded:
                await foreach (var batch in embedded.ReadBatchesAsync(plan.Measurement, plan.From, plan.To, options.Value.BatchSize, cancellationToken))
                    await onBatch(batch, cancellationToken);
                break;
            case InfluxMetricStore influx:
                var scope = new InfluxImportScope(plan.Measurement is null ? null : [plan.Measurement], plan.From, plan.To);
                await new InfluxMigration(influx).ImportAsync(new BatchSink(store.Kind, onBatch), scope, options.Value.BatchSize, cancellationToken);
                break;
            default:
                throw new LightningException(ErrorKind.Invalid, "metrics.export_unsupported", $"The '{store.Kind}' metric store cannot be exported.");
        }
    }

    async Task<long> WriteParquetAsync(MetricExportPlan plan, Stream output, CancellationToken cancellationToken)
    {
        var embedded = (EmbeddedMetricStore)store.Underlying();
        var folder = lightning.Value.DataPath("tmp");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"export-{Guid.NewGuid():N}.parquet");
        try
        {
            var rows = await embedded.ExportAsync(plan.Measurement, plan.From, plan.To, ExportFormat.Parquet, file, cancellationToken);
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await stream.CopyToAsync(output, cancellationToken);
            return rows;
        }
        finally
        {
            File.Delete(file);
        }
    }

    static PointBatch Select(PointBatch batch, IReadOnlySet<string>? series)
    {
        if (series is null) return batch;
        var selected = new PointBatch(batch.Count);
        var indexes = new int[batch.Series.Count];
        for (var i = 0; i < indexes.Length; i++) indexes[i] = series.Contains(batch.Series[i].Canonical) ? selected.AddSeries(batch.Series[i]) : -1;
        for (var row = 0; row < batch.Count; row++)
        {
            var index = indexes[batch.SeriesIndexAt(row)];
            if (index >= 0) selected.Add(index, batch.FieldAt(row), batch.TimestampAt(row), batch.ValueAt(row));
        }

        return selected;
    }

    /// <summary>The columns of the store's own CSV export: value as a number (null for strings), integer for integers and booleans, text for strings.</summary>
    static void WriteCsv(PointBatch batch, ArrayBufferWriter<byte> buffer)
    {
        var line = new StringBuilder(256);
        for (var row = 0; row < batch.Count; row++)
        {
            var time = batch.TimestampAt(row);
            var value = batch.ValueAt(row);
            var series = batch.SeriesAt(row);
            line.Clear()
                .Append(Timestamps.FromNanoseconds(time).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)).Append(',')
                .Append(time.ToString(CultureInfo.InvariantCulture)).Append(',');
            Quoted(line, series.Measurement).Append(',');
            Quoted(line, series.Canonical).Append(',');
            Quoted(line, batch.FieldAt(row)).Append(',');
            switch (value.Kind)
            {
                case FieldKind.String:
                    line.Append(",,");
                    Quoted(line, value.AsString());
                    break;
                case FieldKind.Float:
                    line.Append(value.AsDouble().ToString("R", CultureInfo.InvariantCulture)).Append(",,");
                    break;
                default:
                    var integer = value.AsInteger().ToString(CultureInfo.InvariantCulture);
                    line.Append(integer).Append(',').Append(integer).Append(',');
                    break;
            }

            line.Append('\n');
            var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(line.Length));
            buffer.Advance(Encoding.UTF8.GetBytes(line.ToString(), span));
        }
    }

    static StringBuilder Quoted(StringBuilder line, string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") < 0 ? line.Append(text) : line.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');

    static async ValueTask FlushAsync(Stream output, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await output.FlushAsync(cancellationToken);
        buffer.ResetWrittenCount();
    }

    static void Collect(Validator validator, Action read)
    {
        try
        {
            read();
        }
        catch (ValidationFailedException error)
        {
            foreach (var (field, messages) in error.Errors)
                foreach (var message in messages)
                    validator.Add(field, message);
        }
    }
}
