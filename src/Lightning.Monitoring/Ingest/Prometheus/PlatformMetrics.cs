using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;

namespace Lightning.Monitoring.Ingest.Prometheus;

/// <summary>
/// The platform's own metrics for <c>GET /metrics</c>: every instrument of the platform's meter ("Lightning"), ASP.NET
/// Core's and the .NET runtime's, aggregated in process (counters summed, gauges last value, histograms in buckets),
/// plus the standard <c>process_*</c> series. Names follow Prometheus conventions (dots to underscores, unit suffixes,
/// <c>_total</c> on counters).
/// </summary>
public sealed class PlatformMetrics : IDisposable
{
    static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    static readonly string[] Meters = ["Lightning", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime", "System.Net.Http"];

    readonly MeterListener _listener = new();
    readonly ConcurrentDictionary<Instrument, ConcurrentDictionary<string, Aggregate>> _values = new();
    readonly Lock _collect = new();

    sealed class Aggregate(KeyValuePair<string, string>[] labels)
    {
        public KeyValuePair<string, string>[] Labels { get; } = labels;
        public double Sum;
        public double Last;
        public long Count;
        public long[] BucketCounts { get; } = new long[Buckets.Length];
    }

    public PlatformMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Array.Exists(Meters, name => instrument.Meter.Name == name)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var t = 0; t < tags.Length; t++) labels[t] = new(PrometheusText.SanitizeName(tags[t].Key), tags[t].Value?.ToString() ?? "");
        Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var key = string.Join('\u0001', labels.Select(l => l.Key + "=" + l.Value));
        var aggregate = _values.GetOrAdd(instrument, _ => new()).GetOrAdd(key, _ => new Aggregate(labels));
        lock (aggregate)
        {
            aggregate.Sum += value;
            aggregate.Last = value;
            aggregate.Count++;
            if (instrument is Histogram<double> or Histogram<long> or Histogram<int> or Histogram<float>)
            {
                for (var b = 0; b < Buckets.Length; b++)
                {
                    if (value <= Buckets[b]) aggregate.BucketCounts[b]++;
                }
            }
        }
    }

    /// <summary>The exposition text, observable instruments read now.</summary>
    public string Render()
    {
        var output = new StringBuilder(16 * 1024);
        lock (_collect)
        {
            // Observable instruments report their current value: reset, then observe.
            foreach (var (instrument, series) in _values)
            {
                if (instrument.IsObservable) series.Clear();
            }

            _listener.RecordObservableInstruments();
            foreach (var (instrument, series) in _values.OrderBy(p => p.Key.Meter.Name + "/" + p.Key.Name, StringComparer.Ordinal))
            {
                WriteInstrument(output, instrument, series.Values.OrderBy(a => string.Join(',', a.Labels.Select(l => l.Value)), StringComparer.Ordinal).ToArray());
            }
        }

        WriteProcess(output);
        return output.ToString();
    }

    static void WriteInstrument(StringBuilder output, Instrument instrument, Aggregate[] series)
    {
        if (series.Length == 0) return;
        var name = PrometheusText.SanitizeName(instrument.Name.ToLowerInvariant()) + UnitSuffix(instrument.Unit);
        var type = instrument switch
        {
            Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> => "counter",
            Histogram<double> or Histogram<long> or Histogram<int> or Histogram<float> => "histogram",
            _ => "gauge",
        };
        if (type == "counter") name += "_total";
        PrometheusText.WriteHeader(output, name, type, instrument.Description);
        foreach (var aggregate in series)
        {
            lock (aggregate)
            {
                switch (type)
                {
                    case "counter":
                        PrometheusText.WriteSample(output, name, aggregate.Labels, instrument.IsObservable ? aggregate.Last : aggregate.Sum);
                        break;
                    case "histogram":
                        for (var b = 0; b < Buckets.Length; b++)
                            PrometheusText.WriteSample(output, name + "_bucket", [.. aggregate.Labels, new("le", PrometheusText.FormatValue(Buckets[b]))], aggregate.BucketCounts[b]);
                        PrometheusText.WriteSample(output, name + "_bucket", [.. aggregate.Labels, new("le", "+Inf")], aggregate.Count);
                        PrometheusText.WriteSample(output, name + "_sum", aggregate.Labels, aggregate.Sum);
                        PrometheusText.WriteSample(output, name + "_count", aggregate.Labels, aggregate.Count);
                        break;
                    default:
                        // Up-down counters add up; gauges are their last value.
                        PrometheusText.WriteSample(output, name, aggregate.Labels,
                            instrument is UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double> ? aggregate.Sum : aggregate.Last);
                        break;
                }
            }
        }
    }

    static string UnitSuffix(string? unit) => unit switch
    {
        "s" => "_seconds",
        "ms" => "_milliseconds",
        "By" => "_bytes",
        _ => "",
    };

    static void WriteProcess(StringBuilder output)
    {
        using var process = Process.GetCurrentProcess();
        PrometheusText.WriteHeader(output, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.");
        PrometheusText.WriteSample(output, "process_cpu_seconds_total", [], process.TotalProcessorTime.TotalSeconds);
        PrometheusText.WriteHeader(output, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
        PrometheusText.WriteSample(output, "process_resident_memory_bytes", [], process.WorkingSet64);
        PrometheusText.WriteHeader(output, "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.");
        PrometheusText.WriteSample(output, "process_start_time_seconds", [], new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        PrometheusText.WriteHeader(output, "process_threads", "gauge", "Number of OS threads in the process.");
        PrometheusText.WriteSample(output, "process_threads", [], process.Threads.Count);
    }

    public void Dispose() => _listener.Dispose();
}
