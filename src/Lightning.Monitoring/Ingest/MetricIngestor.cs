using System.Collections.Concurrent;
using Lightning.Core.Errors;
using Lightning.Monitoring.Ingest.Json;
using Lightning.Monitoring.Ingest.LineProtocol;
using Lightning.Monitoring.Ingest.Prometheus;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Ingest;

/// <summary>
/// Turns request bodies (line protocol, remote_write, JSON points) into batches and writes them to the
/// <see cref="IMetricStore"/>. Line-protocol parsers are pooled so their interned series outlive one request, and so are
/// line-protocol batches: a 500 KB body makes ~20,000 rows, whose column arrays (~1.5 MB) would otherwise be fresh
/// large-object-heap allocations on every request, each one bringing the next full (gen2) collection closer.
/// </summary>
public sealed class MetricIngestor(IServiceProvider services, TimeProvider time, IOptions<IngestOptions> options, ILogger<MetricIngestor> logger)
{
    /// <summary>A batch grown beyond this many rows (one huge body) is left to the GC rather than kept.</summary>
    const int MaxPooledBatchRows = 1 << 18;

    readonly ConcurrentBag<LineProtocolParser> _parsers = [];
    readonly ConcurrentBag<PointBatch> _batches = [];

    public IngestOptions Options => options.Value;

    IMetricStore Store => services.GetService<IMetricStore>() ?? throw new LightningException(ErrorKind.Unavailable, "metrics.no_store",
        "No metric store is configured: set Lightning:Monitoring:Store.");

    long NowNs => Timestamps.ToNanoseconds(time.GetUtcNow());

    /// <summary>Writes the good lines and reports the bad ones (InfluxDB's partial-write semantics).</summary>
    public async Task<LineProtocolResult> WriteLineProtocolAsync(ReadOnlyMemory<byte> body, Precision precision, CancellationToken cancellationToken)
    {
        var store = Store;
        // About 25 bytes of line protocol per field value (Telegraf's lines and the benchmark's alike).
        var batch = _batches.TryTake(out var reused) ? reused : new PointBatch(Math.Clamp(body.Length / 24, 256, MaxPooledBatchRows));
        var parser = _parsers.TryTake(out var pooled) ? pooled : new LineProtocolParser();
        LineProtocolResult result;
        try
        {
            result = parser.Parse(body.Span, batch, precision, NowNs);
        }
        finally
        {
            if (_parsers.Count < Environment.ProcessorCount * 4) _parsers.Add(parser);
        }

        // Only a batch the store is done with goes back: after a failure (or a cancelled wait) the writer may still read it.
        if (batch.Count > 0) await store.WriteAsync(batch, cancellationToken);
        ReturnBatch(batch);
        Count("line-protocol", result.Rows, result.RejectedLines);
        return result;
    }

    void ReturnBatch(PointBatch batch)
    {
        if (batch.Capacity > MaxPooledBatchRows || _batches.Count >= Environment.ProcessorCount * 4) return;
        batch.Clear();
        _batches.Add(batch);
    }

    /// <summary>A Prometheus remote_write body (snappy + protobuf); all or nothing.</summary>
    public async Task<int> WriteRemoteWriteAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var store = Store;
        var batch = new PointBatch(1024);
        var rows = RemoteWrite.Decode(body.Span, batch, (int)Math.Min(int.MaxValue, Options.MaxBodyBytes));
        if (batch.Count > 0) await store.WriteAsync(batch, cancellationToken);
        Count("remote-write", rows, 0);
        return rows;
    }

    /// <summary>JSON points; all or nothing (a bad point fails the request with every problem listed).</summary>
    public async Task<int> WritePointsAsync(JsonPointsRequest request, CancellationToken cancellationToken)
    {
        var store = Store;
        var batch = JsonPoints.ToBatch(request, NowNs);
        if (batch.Count > 0) await store.WriteAsync(batch, cancellationToken);
        Count("json", batch.Count, 0);
        return batch.Count;
    }

    void Count(string format, int rows, int rejected)
    {
        var tag = new KeyValuePair<string, object?>("format", format);
        IngestTelemetry.Requests.Add(1, tag);
        IngestTelemetry.Rows.Add(rows, tag);
        if (rejected > 0) IngestTelemetry.RejectedLines.Add(rejected, tag);
        Log.Ingested(logger, rows, format, rejected);
    }
}
