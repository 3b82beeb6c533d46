namespace Lightning.Monitoring.Model;

/// <summary>
/// Points on their way to a store, one row per field value, held as columns so that parsers and collectors can fill a
/// batch of thousands of points without one object per point. Series are held once per batch and referred to by index.
/// </summary>
public sealed class PointBatch
{
    readonly List<SeriesKey> _series = [];
    readonly Dictionary<string, int> _seriesIndex = new(StringComparer.Ordinal);
    int[] _seriesOf;
    string[] _fieldOf;
    long[] _times;
    FieldValue[] _values;

    public PointBatch(int capacity = 256)
    {
        capacity = Math.Max(capacity, 4);
        _seriesOf = new int[capacity];
        _fieldOf = new string[capacity];
        _times = new long[capacity];
        _values = new FieldValue[capacity];
    }

    /// <summary>Rows (field values) in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>Rows the batch holds before it has to grow.</summary>
    public int Capacity => _times.Length;

    /// <summary>Distinct series in the batch, in the order they were first added.</summary>
    public IReadOnlyList<SeriesKey> Series => _series;

    /// <summary>The index of a series in this batch, adding it when new.</summary>
    public int AddSeries(SeriesKey series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (_seriesIndex.TryGetValue(series.Canonical, out var index)) return index;
        index = _series.Count;
        _series.Add(series);
        _seriesIndex.Add(series.Canonical, index);
        return index;
    }

    public void Add(int series, string field, long timestampNs, FieldValue value)
    {
        if ((uint)series >= (uint)_series.Count) throw new ArgumentOutOfRangeException(nameof(series));
        ArgumentException.ThrowIfNullOrEmpty(field);
        if (Count == _times.Length) Grow();
        _seriesOf[Count] = series;
        _fieldOf[Count] = field;
        _times[Count] = timestampNs;
        _values[Count] = value;
        Count++;
    }

    public void Add(MetricPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var series = AddSeries(point.Series);
        foreach (var (field, value) in point.Fields) Add(series, field, point.TimestampNs, value);
    }

    public void Add(string measurement, IEnumerable<KeyValuePair<string, string>>? tags, string field, long timestampNs, double value) =>
        Add(AddSeries(new SeriesKey(measurement, tags)), field, timestampNs, FieldValue.OfFloat(value));

    public int SeriesIndexAt(int row) => _seriesOf[CheckRow(row)];
    public SeriesKey SeriesAt(int row) => _series[_seriesOf[CheckRow(row)]];
    public string FieldAt(int row) => _fieldOf[CheckRow(row)];
    public long TimestampAt(int row) => _times[CheckRow(row)];
    public FieldValue ValueAt(int row) => _values[CheckRow(row)];

    /// <summary>Empties the batch, keeping its arrays, and lets go of the strings it referred to.</summary>
    public void Clear()
    {
        Array.Clear(_fieldOf, 0, Count);
        Array.Clear(_values, 0, Count);
        Count = 0;
        _series.Clear();
        _seriesIndex.Clear();
    }

    /// <summary>
    /// Gives every series without the tag <paramref name="key"/> that tag with <paramref name="value"/> (the collector
    /// host's <c>host</c> tag). Rows of two series that become one are merged into it. <paramref name="tagged"/> maps a
    /// series' canonical text to its tagged key so that repeated runs do not rebuild keys; the caller bounds it.
    /// </summary>
    internal void AddTagWhereMissing(string key, string value, Dictionary<string, SeriesKey> tagged)
    {
        if (_series.Count == 0) return;
        var original = _series.ToArray();
        _series.Clear();
        _seriesIndex.Clear();
        var remap = new int[original.Length];
        for (var i = 0; i < original.Length; i++)
        {
            var series = original[i];
            if (series.Tag(key) is null)
            {
                if (!tagged.TryGetValue(series.Canonical, out var withTag))
                {
                    withTag = new SeriesKey(series.Measurement, [.. series.Tags, new(key, value)]);
                    tagged[series.Canonical] = withTag;
                }

                series = withTag;
            }

            remap[i] = AddSeries(series);
        }

        for (var row = 0; row < Count; row++) _seriesOf[row] = remap[_seriesOf[row]];
    }

    int CheckRow(int row) => (uint)row < (uint)Count ? row : throw new ArgumentOutOfRangeException(nameof(row));

    void Grow()
    {
        var size = _times.Length * 2;
        Array.Resize(ref _seriesOf, size);
        Array.Resize(ref _fieldOf, size);
        Array.Resize(ref _times, size);
        Array.Resize(ref _values, size);
    }
}
