using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Storage.Embedded;

/// <summary>One stored (series, field) pair: the unit the point tables are keyed by.</summary>
internal sealed record CatalogEntry(int Id, SeriesKey Series, string Field, FieldKind Kind)
{
    /// <summary>Integers and booleans go to the integer column, so that they compress as integers.</summary>
    public bool IsInteger => Kind is FieldKind.Integer or FieldKind.Boolean;
}

/// <summary>
/// The series catalog held in memory (it mirrors the <c>series</c> table), so that writes resolve ids and queries match
/// tag filters without a round trip. The writer is the only one that adds; readers take a snapshot under the lock.
/// </summary>
internal sealed class SeriesCatalog
{
    readonly Lock _lock = new();
    readonly Dictionary<(string Series, string Field), CatalogEntry> _byKey = [];
    readonly Dictionary<int, CatalogEntry> _byId = [];
    readonly Dictionary<string, MeasurementEntries> _byMeasurement = new(StringComparer.Ordinal);
    int _nextId;

    sealed class MeasurementEntries
    {
        public readonly List<CatalogEntry> Entries = [];
        public readonly HashSet<string> Series = new(StringComparer.Ordinal);
    }

    public int NextId
    {
        get { lock (_lock) return _nextId; }
    }

    public bool TryGet(string series, string field, out CatalogEntry entry)
    {
        lock (_lock) return _byKey.TryGetValue((series, field), out entry!);
    }

    public bool TryGetById(int id, out CatalogEntry entry)
    {
        lock (_lock) return _byId.TryGetValue(id, out entry!);
    }

    public bool HasSeries(string measurement, string series)
    {
        lock (_lock) return _byMeasurement.TryGetValue(measurement, out var m) && m.Series.Contains(series);
    }

    public int SeriesCount(string measurement)
    {
        lock (_lock) return _byMeasurement.TryGetValue(measurement, out var m) ? m.Series.Count : 0;
    }

    public void Add(CatalogEntry entry)
    {
        lock (_lock)
        {
            _byKey.Add((entry.Series.Canonical, entry.Field), entry);
            _byId.Add(entry.Id, entry);
            if (!_byMeasurement.TryGetValue(entry.Series.Measurement, out var m))
                _byMeasurement[entry.Series.Measurement] = m = new MeasurementEntries();
            m.Entries.Add(entry);
            m.Series.Add(entry.Series.Canonical);
            _nextId = Math.Max(_nextId, entry.Id + 1);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _byKey.Clear();
            _byId.Clear();
            _byMeasurement.Clear();
            _nextId = 0;
        }
    }

    public IReadOnlyList<string> Measurements()
    {
        lock (_lock) return _byMeasurement.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    public bool HasMeasurement(string measurement)
    {
        lock (_lock) return _byMeasurement.ContainsKey(measurement);
    }

    /// <summary>The entries of a measurement (every field), or of every measurement when null.</summary>
    public IReadOnlyList<CatalogEntry> Entries(string? measurement)
    {
        lock (_lock)
        {
            if (measurement is null) return _byMeasurement.Values.SelectMany(m => m.Entries).ToArray();
            return _byMeasurement.TryGetValue(measurement, out var m) ? m.Entries.ToArray() : [];
        }
    }
}
