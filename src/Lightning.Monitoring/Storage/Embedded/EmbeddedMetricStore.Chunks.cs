using System.Buffers;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace Lightning.Monitoring.Storage.Embedded;

public sealed partial class EmbeddedMetricStore
{
    /// <summary>
    /// Compacted points are kept as one chunk per series and window of this width (aligned to the epoch). An hour holds
    /// whole 1-minute and 1-hour rollup buckets, so compaction recomputes a window's rollups from the chunk alone.
    /// </summary>
    internal const long ChunkWindowNs = NsPerHour;

    /// <summary>One series' points in time order, one per time.</summary>
    sealed class SeriesPoints(int capacity = 0)
    {
        public List<long> Times { get; } = new(capacity);
        public List<double> Values { get; } = new(capacity);
    }

    /// <summary>The decoded-chunk cache's state (tests check that reads used it).</summary>
    internal (int Entries, long Bytes, long Hits, long Misses) ChunkCacheState => (_chunkCache.Entries, _chunkCache.Bytes, _chunkCache.Lookups.Hits, _chunkCache.Lookups.Misses);

    /// <summary>Where <see cref="ReadPoints"/> takes the append table's rows from.</summary>
    enum RecentRows
    {
        /// <summary>Not at all (the caller aggregates them in SQL).</summary>
        None,

        /// <summary>From the table, in the same statement as the chunks (for callers inside a read transaction).</summary>
        Sql,

        /// <summary>From <see cref="RecentIndex"/>, consistent with the chunk fetch through its query lock.</summary>
        Memory,
    }

    /// <summary>
    /// The points of some series in some time ranges, from the compacted chunks and the append table's rows (see
    /// <paramref name="recentRows"/>), both of the same moment. A point written to the append table replaces a
    /// compacted one with the same time, and the newest of several writes wins. With the rows from memory, the decoded
    /// chunks read are cached (<see cref="ChunkCache"/>) when the read spans few windows.
    /// </summary>
    Dictionary<int, SeriesPoints> ReadPoints(DuckDBConnection connection, string sids, IReadOnlyList<(long From, long To)> ranges, RecentRows recentRows,
        long maxPoints, CancellationToken cancellationToken)
    {
        var withRecent = recentRows == RecentRows.Sql;
        var chunkWhere = new StringBuilder();
        var recentWhere = new StringBuilder();
        foreach (var (from, to) in ranges)
        {
            if (chunkWhere.Length > 0)
            {
                chunkWhere.Append(" OR ");
                recentWhere.Append(" OR ");
            }
            chunkWhere.Append(CultureInfo.InvariantCulture, $"(w >= {FloorTo(from, ChunkWindowNs)} AND w < {to})");
            recentWhere.Append(CultureInfo.InvariantCulture, $"(t >= {from} AND t < {to})");
        }
        var sql = $"SELECT sid, w, data, CAST(NULL AS DOUBLE), CAST(0 AS BIGINT) FROM chunks WHERE sid IN ({sids}) AND ({chunkWhere})";
        if (withRecent) sql += $" UNION ALL SELECT sid, t, NULL, {Schema.Value}, rowid FROM recent WHERE sid IN ({sids}) AND ({recentWhere})";

        var fillCache = recentRows == RecentRows.Memory && CacheCovers(ranges);
        var chunks = new Dictionary<int, List<(long Window, byte[] Data)>>();
        var recent = new Dictionary<int, List<(long Time, long Row, double Value)>>();
        var decoded = new Dictionary<int, List<ChunkCache.Decoded>>();
        // Compaction cannot move rows between the chunk fetch and the copy of the in-memory rows (nor change a chunk
        // between its fetch and its entry in the cache).
        if (recentRows == RecentRows.Memory) _recentRows.EnterQuery();
        try
        {
            if (recentRows == RecentRows.Memory) CopyRecentRows(ParseSids(sids), ranges, recent);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var sid = reader.GetInt32(0);
                if (!reader.IsDBNull(2))
                {
                    if (!chunks.TryGetValue(sid, out var list)) chunks[sid] = list = [];
                    list.Add((reader.GetInt64(1), ReadBlob(reader, 2)));
                    continue;
                }
                if (!recent.TryGetValue(sid, out var rows)) recent[sid] = rows = [];
                rows.Add((reader.GetInt64(1), reader.GetInt64(4), reader.IsDBNull(3) ? double.NaN : reader.GetDouble(3)));
            }
            if (fillCache)
            {
                foreach (var sid in ParseSids(sids))
                {
                    var byWindow = chunks.GetValueOrDefault(sid)?.ToDictionary(c => c.Window, c => c.Data) ?? [];
                    var windows = new List<ChunkCache.Decoded>();
                    foreach (var window in Windows(ranges))
                    {
                        var chunk = byWindow.TryGetValue(window, out var data) ? Decode(data) : ChunkCache.Decoded.None;
                        _chunkCache.Put(sid, window, chunk);
                        windows.Add(chunk);
                    }
                    decoded[sid] = windows;
                }
            }
        }
        finally
        {
            if (recentRows == RecentRows.Memory) _recentRows.ExitQuery();
        }

        if (fillCache) return Assemble(decoded, recent, ranges, maxPoints, cancellationToken);
        var result = new Dictionary<int, SeriesPoints>();
        var total = 0L;
        foreach (var sid in chunks.Keys.Union(recent.Keys))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var points = new SeriesPoints();
            if (chunks.TryGetValue(sid, out var list))
            {
                list.Sort((a, b) => a.Window.CompareTo(b.Window));
                foreach (var (_, data) in list) DecodeInto(data, ranges, points.Times, points.Values);
            }
            if (recent.TryGetValue(sid, out var rows)) points = MergeRecent(points, rows);
            total += points.Times.Count;
            if (total > maxPoints) ThrowTooManyRawPoints();
            result[sid] = points;
        }
        return result;
    }

    /// <summary>
    /// The same as <see cref="ReadPoints"/> with the rows from memory, without any DuckDB statement: only when every
    /// window of every series is in <see cref="ChunkCache"/>; null otherwise (then read with a connection).
    /// </summary>
    Dictionary<int, SeriesPoints>? TryReadCachedPoints(IReadOnlyList<int> sids, IReadOnlyList<(long From, long To)> ranges, long maxPoints, CancellationToken cancellationToken)
    {
        if (!CacheCovers(ranges)) return null;
        var decoded = new Dictionary<int, List<ChunkCache.Decoded>>();
        var recent = new Dictionary<int, List<(long Time, long Row, double Value)>>();
        _recentRows.EnterQuery();
        try
        {
            foreach (var sid in sids)
            {
                var windows = new List<ChunkCache.Decoded>();
                foreach (var window in Windows(ranges))
                {
                    if (!_chunkCache.TryGet(sid, window, out var chunk)) return null;
                    windows.Add(chunk);
                }
                decoded[sid] = windows;
            }
            CopyRecentRows(sids, ranges, recent);
        }
        finally
        {
            _recentRows.ExitQuery();
        }
        return Assemble(decoded, recent, ranges, maxPoints, cancellationToken);
    }

    bool CacheCovers(IReadOnlyList<(long From, long To)> ranges) =>
        _chunkCache.Enabled && ranges.Sum(r => (r.To - FloorTo(r.From, ChunkWindowNs) + ChunkWindowNs - 1) / ChunkWindowNs) <= ChunkCache.MaxWindowsPerRead;

    /// <summary>The windows the ranges touch, in time order, each once.</summary>
    static List<long> Windows(IReadOnlyList<(long From, long To)> ranges)
    {
        var windows = new SortedSet<long>();
        foreach (var (from, to) in ranges)
            for (var window = FloorTo(from, ChunkWindowNs); window < to; window += ChunkWindowNs) windows.Add(window);
        return [.. windows];
    }

    static List<int> ParseSids(string sids) =>
        [.. sids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => int.Parse(id, CultureInfo.InvariantCulture))];

    void CopyRecentRows(IEnumerable<int> sids, IReadOnlyList<(long From, long To)> ranges, Dictionary<int, List<(long Time, long Row, double Value)>> into)
    {
        foreach (var sid in sids)
        {
            var rows = new List<(long Time, long Row, double Value)>();
            _recentRows.CopyInto(sid, ranges, rows);
            if (rows.Count > 0) into[sid] = rows;
        }
    }

    /// <summary>Each series' points: its decoded windows (in time order) cut to the ranges, the append table's rows merged in.</summary>
    Dictionary<int, SeriesPoints> Assemble(Dictionary<int, List<ChunkCache.Decoded>> decoded, Dictionary<int, List<(long Time, long Row, double Value)>> recent,
        IReadOnlyList<(long From, long To)> ranges, long maxPoints, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, SeriesPoints>();
        var total = 0L;
        foreach (var (sid, windows) in decoded)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Sized once (cached points in range plus the recent rows): a raw read's garbage is then little more than
            // its result arrays, so a hot read rarely meets a collection.
            var recentRows = recent.GetValueOrDefault(sid);
            var capacity = recentRows?.Count ?? 0;
            foreach (var chunk in windows) capacity += CountInRanges(chunk.Times, chunk.Count, ranges);
            var points = new SeriesPoints(capacity);
            foreach (var chunk in windows) AppendInRanges(chunk.Times, chunk.Values, chunk.Count, ranges, points.Times, points.Values);
            if (recentRows is not null) points = MergeRecent(points, recentRows);
            if (points.Times.Count == 0) continue;
            total += points.Times.Count;
            if (total > maxPoints) ThrowTooManyRawPoints();
            result[sid] = points;
        }
        return result;
    }

    static ChunkCache.Decoded Decode(byte[] data)
    {
        var count = ChunkCodec.Count(data);
        var times = new long[count];
        var values = new double[count];
        ChunkCodec.Decode(data, times, values);
        return new ChunkCache.Decoded(times, values, count);
    }

    internal static byte[] ReadBlob(System.Data.Common.DbDataReader reader, int column)
    {
        using var stream = reader.GetStream(column);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    void ThrowTooManyRawPoints() => throw new Core.Errors.ValidationFailedException(
        $"The query would return more than {_options.MaxRawPoints} raw points (Lightning:Monitoring:Storage:Embedded:MaxRawPoints). " +
        "Narrow the time range, filter by tags, set a Limit, or aggregate into buckets with Every.");

    /// <summary>Appends the chunk's points that fall in one of the ranges.</summary>
    static void DecodeInto(byte[] data, IReadOnlyList<(long From, long To)> ranges, List<long> times, List<double> values)
    {
        var count = ChunkCodec.Count(data);
        var t = ArrayPool<long>.Shared.Rent(count);
        var v = ArrayPool<double>.Shared.Rent(count);
        try
        {
            ChunkCodec.Decode(data, t, v);
            AppendInRanges(t, v, count, ranges, times, values);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(t);
            ArrayPool<double>.Shared.Return(v);
        }
    }

    static int CountInRanges(long[] t, int count, IReadOnlyList<(long From, long To)> ranges)
    {
        var n = 0;
        for (var i = 0; i < count; i++)
            if (InRanges(t[i], ranges)) n++;
        return n;
    }

    static void AppendInRanges(long[] t, double[] v, int count, IReadOnlyList<(long From, long To)> ranges, List<long> times, List<double> values)
    {
        for (var i = 0; i < count; i++)
        {
            if (!InRanges(t[i], ranges)) continue;
            times.Add(t[i]);
            values.Add(v[i]);
        }
    }

    /// <summary>
    /// Whether a time falls in one of the ranges. An indexed loop on purpose: a <c>foreach</c> over the interface boxes
    /// an enumerator, per point, which made most of a raw read's garbage (~250 KB per 1-hour read).
    /// </summary>
    internal static bool InRanges(long time, IReadOnlyList<(long From, long To)> ranges)
    {
        for (var r = 0; r < ranges.Count; r++)
        {
            var (from, to) = ranges[r];
            if (time >= from && time < to) return true;
        }
        return false;
    }

    /// <summary>Merges append-table rows (any order, maybe several per time) into compacted points: per time the newest row wins.</summary>
    static SeriesPoints MergeRecent(SeriesPoints compacted, List<(long Time, long Row, double Value)> rows)
    {
        // Rows come in write order, which for live data is already time order: the sort (and its comparer) is then skipped.
        if (!InTimeOrder(rows)) rows.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Row.CompareTo(b.Row));
        // Newest write per time, in place (rows of one time are in write order after the sort).
        var unique = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            if (unique > 0 && rows[unique - 1].Time == rows[i].Time) rows[unique - 1] = rows[i];
            else rows[unique++] = rows[i];
        }
        rows.RemoveRange(unique, rows.Count - unique);
        if (rows.Count == 0) return compacted;
        // The usual case: the append table holds only what came after the compacted points, so it is appended.
        if (compacted.Times.Count == 0 || rows[0].Time > compacted.Times[^1])
        {
            compacted.Times.EnsureCapacity(compacted.Times.Count + rows.Count);
            compacted.Values.EnsureCapacity(compacted.Values.Count + rows.Count);
            foreach (var (time, _, value) in rows)
            {
                compacted.Times.Add(time);
                compacted.Values.Add(value);
            }
            return compacted;
        }
        var newTimes = new List<long>(rows.Count);
        var newValues = new List<double>(rows.Count);
        foreach (var (time, _, value) in rows)
        {
            newTimes.Add(time);
            newValues.Add(value);
        }
        var merged = new SeriesPoints(compacted.Times.Count + rows.Count);
        MergeSorted(compacted.Times, compacted.Values, newTimes, newValues, merged.Times, merged.Values);
        return merged;
    }

    /// <summary>Whether the rows are in (time, write) order already.</summary>
    static bool InTimeOrder(List<(long Time, long Row, double Value)> rows)
    {
        for (var i = 1; i < rows.Count; i++)
        {
            var (previous, current) = (rows[i - 1], rows[i]);
            if (previous.Time > current.Time || (previous.Time == current.Time && previous.Row > current.Row)) return false;
        }
        return true;
    }

    /// <summary>Merges two time-ordered runs without repeated times; on equal times the second run wins.</summary>
    static void MergeSorted<T>(List<long> oldTimes, List<T> oldValues, List<long> newTimes, List<T> newValues, List<long> times, List<T> values)
    {
        var a = 0;
        var b = 0;
        while (a < oldTimes.Count || b < newTimes.Count)
        {
            if (b == newTimes.Count || (a < oldTimes.Count && oldTimes[a] < newTimes[b]))
            {
                times.Add(oldTimes[a]);
                values.Add(oldValues[a++]);
                continue;
            }
            if (a < oldTimes.Count && oldTimes[a] == newTimes[b]) a++;
            times.Add(newTimes[b]);
            values.Add(newValues[b++]);
        }
    }
}
