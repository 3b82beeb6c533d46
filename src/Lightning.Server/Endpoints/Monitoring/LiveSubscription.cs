using Lightning.Monitoring.Model;

namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>
/// One chart's live query on a socket: what it reads, and per result series the last time and value sent, so a
/// refresh re-reads only from the oldest still-moving series' last point and sends what is new or changed.
/// </summary>
internal sealed class LiveSubscription(string id, MetricQuery template, TimeSpan window, TimeSpan? offset)
{
    readonly Dictionary<string, (long TimeNs, double Value)> _sent = new(StringComparer.Ordinal);
    int _dirty;

    public string Id { get; } = id;

    /// <summary>The query with the snapshot's range; refreshes reuse everything but the range.</summary>
    public MetricQuery Template { get; } = template;

    public TimeSpan Window { get; } = window;
    public TimeSpan? Offset { get; } = offset;
    public DateTimeOffset LastPush { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Set by the write signal (on the writer's thread), taken by the socket's loop.</summary>
    public void MarkDirty() => Volatile.Write(ref _dirty, 1);

    public bool TakeDirty() => Interlocked.Exchange(ref _dirty, 0) == 1;

    /// <summary>A comparison reads the past: it advances with the clock, not with writes, so it is refreshed on every tick.</summary>
    public bool FollowsClock => Offset is not null;

    /// <summary>
    /// Where the next read starts (display time, ns): the oldest last-sent time among series still moving (within
    /// <paramref name="staleAfter"/> of the newest), never before the window's start. A bucketed query re-reads its last
    /// bucket, which may still be filling.
    /// </summary>
    public long ResumeFromNs(long windowStartNs, TimeSpan staleAfter)
    {
        if (_sent.Count == 0) return windowStartNs;
        var newest = _sent.Values.Max(sent => sent.TimeNs);
        var moving = _sent.Values.Where(sent => sent.TimeNs >= newest - staleAfter.Ticks * 100).Min(sent => sent.TimeNs);
        return Math.Max(moving, windowStartNs);
    }

    /// <summary>Remembers a series' points as sent (the snapshot's).</summary>
    public void Remember(SeriesResult series, long shiftNs)
    {
        if (series.TimestampsNs.Length == 0) return;
        _sent[Key(series.Tags)] = (series.TimestampsNs[^1] + shiftNs, series.Values[^1]);
    }

    /// <summary>
    /// The part of <paramref name="series"/> not sent yet: points after the series' last sent time, and the last sent
    /// point again when its value changed (a bucket still filling). Null when there is nothing new.
    /// </summary>
    public SeriesResult? Unsent(SeriesResult series, long shiftNs)
    {
        var key = Key(series.Tags);
        var known = _sent.TryGetValue(key, out var last);
        var times = new List<long>();
        var values = new List<double>();
        for (var i = 0; i < series.TimestampsNs.Length; i++)
        {
            var time = series.TimestampsNs[i] + shiftNs;
            var value = series.Values[i];
            var isNew = !known || time > last.TimeNs || (time == last.TimeNs && !SameValue(value, last.Value));
            if (!isNew) continue;
            times.Add(time);
            values.Add(value);
        }

        if (times.Count == 0) return null;
        _sent[key] = (times[^1], values[^1]);
        // Times go back unshifted: the caller shifts them once, as the snapshot's are.
        return series with { TimestampsNs = [.. times.Select(time => time - shiftNs)], Values = [.. values] };
    }

    static bool SameValue(double a, double b) => a.Equals(b) || (double.IsNaN(a) && double.IsNaN(b));

    static string Key(IReadOnlyDictionary<string, string> tags) =>
        string.Join('\u001f', tags.OrderBy(tag => tag.Key, StringComparer.Ordinal).Select(tag => tag.Key + "=" + tag.Value));
}
