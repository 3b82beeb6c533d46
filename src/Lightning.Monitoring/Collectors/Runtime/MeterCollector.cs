using System.Diagnostics.Metrics;
using System.Globalization;
using Lightning.Monitoring.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Collectors.Runtime;

/// <summary>
/// The platform's own meters, captured in-process with a <see cref="MeterListener"/>: the .NET runtime (System.Runtime:
/// GC, heap, thread pool, exceptions, CPU, working set), ASP.NET Core hosting (<c>http.server.request.duration</c> per
/// <c>http.route</c>, method and status: the API's own response times), Kestrel connections and the platform's meter.
/// Each instrument is a measurement named as the instrument, tagged with its measurement tags:
/// counters give <c>delta</c> (in the interval) and <c>total</c>; up-down counters and gauges give <c>value</c>;
/// histograms give count, sum, mean, min, max, p50, p95 and p99 of the interval (no point per request).
/// </summary>
public sealed class MeterCollector : ICollector, IDisposable
{
    readonly MeterListener _listener = new();
    readonly HashSet<string> _meters;
    readonly List<InstrumentState> _instruments = [];
    readonly Lock _instrumentsLock = new();

    public MeterCollector(IOptions<CollectorOptions> options, ILogger<MeterCollector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Interval = options.Value.Runtime.Interval;
        var cap = Math.Max(1, options.Value.Runtime.MaxSeriesPerInstrument);
        ILogger log = logger ?? NullLogger<MeterCollector>.Instance;
        _meters = new HashSet<string>(options.Value.Runtime.Meters, StringComparer.Ordinal);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!_meters.Contains(instrument.Meter.Name)) return;
            var state = new InstrumentState(instrument, cap, log);
            lock (_instrumentsLock) _instruments.Add(state);
            listener.EnableMeasurementEvents(instrument, state);
        };
        _listener.MeasurementsCompleted = (_, state) =>
        {
            if (state is InstrumentState instrument) lock (_instrumentsLock) _instruments.Remove(instrument);
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
        _listener.Start();
    }

    public string Name => "runtime";

    public TimeSpan Interval { get; }

    public ValueTask CollectAsync(PointBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _listener.RecordObservableInstruments();
        InstrumentState[] instruments;
        lock (_instrumentsLock) instruments = [.. _instruments];
        var timestampNs = Timestamps.ToNanoseconds(now);
        foreach (var instrument in instruments) instrument.Flush(batch, timestampNs);
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _listener.Dispose();

    enum Kind { Counter, UpDownCounter, Gauge, Histogram }

    /// <summary>One instrument's aggregates per tag combination since the previous flush.</summary>
    sealed class InstrumentState(Instrument instrument, int cap, ILogger logger)
    {
        static readonly KeyValuePair<string, string>[] OverflowTags = [new("otel.metric.overflow", "true")];
        Entry? _overflow;

        readonly Kind _kind = KindOf(instrument);

        readonly bool _observable = instrument.IsObservable;
        // Entries by a hash of their tags, compared tag by tag: a known tag set costs no allocation per measurement.
        readonly Dictionary<int, List<(KeyValuePair<string, object?>[] Tags, Entry Entry)>> _byHash = [];
        readonly Dictionary<string, Entry> _bySeries = new(StringComparer.Ordinal);
        readonly List<Entry> _entries = [];
        readonly Lock _lock = new();

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var hash = Hash(tags);
            lock (_lock)
            {
                var entry = Find(hash, tags);
                if (entry is null)
                {
                    // The same tags in another order are the same series: they share its entry.
                    var series = new SeriesKey(instrument.Name, ToTags(tags));
                    if (!_bySeries.TryGetValue(series.Canonical, out entry) && _bySeries.Count >= cap)
                    {
                        // Not remembered by its tags either: the lookup tables stay bounded too.
                        entry = Overflow();
                        Accumulate(entry, value);
                        return;
                    }

                    if (entry is null)
                    {
                        entry = new Entry(series, _kind == Kind.Histogram ? new LogHistogram() : null);
                        _bySeries[series.Canonical] = entry;
                        _entries.Add(entry);
                    }

                    if (!_byHash.TryGetValue(hash, out var sameHash)) _byHash[hash] = sameHash = [];
                    sameHash.Add((tags.ToArray(), entry));
                }

                Accumulate(entry, value);
            }
        }

        void Accumulate(Entry entry, double value)
        {
            entry.Updated = true;
            switch (_kind)
            {
                case Kind.Histogram: entry.Histogram!.Record(value); break;
                // An observable counter reports each tag set's running total; in the overflow series several tag sets
                // meet, so their totals add up there like increments (an approximation, as in OpenTelemetry).
                case Kind.Counter when _observable && !ReferenceEquals(entry, _overflow): entry.Total = value; break;
                case Kind.Counter or Kind.UpDownCounter: entry.Total += value; break;
                default: entry.Total = value; break;
            }
        }

        Entry Overflow()
        {
            if (_overflow is not null) return _overflow;
            Log.InstrumentSeriesCapReached(logger, instrument.Name, cap);
            _overflow = new Entry(new SeriesKey(instrument.Name, OverflowTags), _kind == Kind.Histogram ? new LogHistogram() : null);
            _entries.Add(_overflow);
            return _overflow;
        }

        Entry? Find(int hash, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (!_byHash.TryGetValue(hash, out var candidates)) return null;
            foreach (var (candidateTags, entry) in candidates)
                if (SameTags(candidateTags, tags)) return entry;
            return null;
        }

        static bool SameTags(KeyValuePair<string, object?>[] stored, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (stored.Length != tags.Length) return false;
            for (var i = 0; i < tags.Length; i++)
                if (!string.Equals(stored[i].Key, tags[i].Key, StringComparison.Ordinal) || !Equals(stored[i].Value, tags[i].Value)) return false;
            return true;
        }

        static int Hash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var hash = new HashCode();
            foreach (var (key, value) in tags)
            {
                hash.Add(key, StringComparer.Ordinal);
                hash.Add(value);
            }

            return hash.ToHashCode();
        }

        public void Flush(PointBatch batch, long timestampNs)
        {
            lock (_lock)
            {
                foreach (var entry in _entries)
                {
                    switch (_kind)
                    {
                        case Kind.Histogram:
                            var histogram = entry.Histogram!;
                            if (histogram.Count == 0) continue;
                            var series = batch.AddSeries(entry.Series);
                            batch.Add(series, "count", timestampNs, FieldValue.OfInteger(histogram.Count));
                            batch.Add(series, "sum", timestampNs, FieldValue.OfFloat(histogram.Sum));
                            batch.Add(series, "mean", timestampNs, FieldValue.OfFloat(histogram.Sum / histogram.Count));
                            batch.Add(series, "min", timestampNs, FieldValue.OfFloat(histogram.Min));
                            batch.Add(series, "max", timestampNs, FieldValue.OfFloat(histogram.Max));
                            batch.Add(series, "p50", timestampNs, FieldValue.OfFloat(histogram.Percentile(50)));
                            batch.Add(series, "p95", timestampNs, FieldValue.OfFloat(histogram.Percentile(95)));
                            batch.Add(series, "p99", timestampNs, FieldValue.OfFloat(histogram.Percentile(99)));
                            histogram.Clear();
                            break;
                        case Kind.Counter:
                            series = batch.AddSeries(entry.Series);
                            batch.Add(series, "total", timestampNs, FieldValue.OfFloat(entry.Total));
                            batch.Add(series, "delta", timestampNs, FieldValue.OfFloat(Math.Max(0, entry.Total - entry.Flushed)));
                            entry.Flushed = entry.Total;
                            // The overflowed running totals are summed afresh at each observation.
                            if (_observable && ReferenceEquals(entry, _overflow)) entry.Total = 0;
                            break;
                        default:
                            // A gauge that nobody observed this interval (its callback stopped reporting that tag set) is left out.
                            if (_observable && !entry.Updated) continue;
                            batch.Add(batch.AddSeries(entry.Series), "value", timestampNs, FieldValue.OfFloat(entry.Total));
                            break;
                    }

                    entry.Updated = false;
                }
            }
        }

        static Kind KindOf(Instrument instrument)
        {
            var type = instrument.GetType();
            var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : null;
            if (definition == typeof(Histogram<>)) return Kind.Histogram;
            if (definition == typeof(UpDownCounter<>)) return Kind.UpDownCounter;
            if (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>)) return Kind.Counter;
            // Gauge, ObservableGauge, ObservableUpDownCounter: the last value is the value.
            return Kind.Gauge;
        }

        static List<KeyValuePair<string, string>> ToTags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var list = new List<KeyValuePair<string, string>>(tags.Length);
            foreach (var (key, value) in tags)
            {
                var text = Format(value);
                // Series keys have no empty tag values and no repeated keys.
                if (string.IsNullOrEmpty(key) || text.Length == 0 || list.Exists(t => t.Key == key)) continue;
                list.Add(new(key, text));
            }

            return list;
        }

        static string Format(object? value) => value switch
        {
            null => string.Empty,
            string s => s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
    }

    sealed class Entry(SeriesKey series, LogHistogram? histogram)
    {
        public SeriesKey Series { get; } = series;
        public LogHistogram? Histogram { get; } = histogram;
        public double Total { get; set; }
        public double Flushed { get; set; }
        public bool Updated { get; set; }
    }
}
