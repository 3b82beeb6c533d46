using System.Runtime.InteropServices;

namespace Lightning.Monitoring.Storage.Embedded;

/// <summary>
/// The append table's rows also kept in memory per series, in write order, so that a raw query reads the uncompacted
/// part of one series without a DuckDB scan of every series' rows. The writer adds rows after each commit and
/// compaction and retention remove what they moved or deleted after theirs.
/// <para>
/// Consistency with the chunks: a reader holds <see cref="EnterQuery"/> around its chunk fetch and its copy of these rows,
/// and compaction and retention hold <see cref="EnterMove"/> around their commit and the removal here, so a reader sees
/// a point either in a chunk or here (or both, then they are the same write), never in neither. Writes only take the
/// short lock of the row lists: a point that is not committed yet is simply not read, as with the table.
/// </para>
/// </summary>
internal sealed class RecentIndex : IDisposable
{
    [StructLayout(LayoutKind.Auto)]
    readonly record struct Row(long Time, long Sequence, double Value);

    readonly Dictionary<int, List<Row>> _bySeries = [];
    readonly ReaderWriterLockSlim _moves = new(LockRecursionPolicy.NoRecursion);
    readonly Lock _rows = new();
    long _sequence;

    /// <summary>Rows held, all series together.</summary>
    public long Count
    {
        get
        {
            lock (_rows) return _bySeries.Values.Sum(l => (long)l.Count);
        }
    }

    public void EnterQuery() => _moves.EnterReadLock();

    public void ExitQuery() => _moves.ExitReadLock();

    public void EnterMove() => _moves.EnterWriteLock();

    public void ExitMove() => _moves.ExitWriteLock();

    public void Clear()
    {
        lock (_rows) _bySeries.Clear();
    }

    /// <summary>Adds committed rows in write order (later rows are newer writes).</summary>
    public void Add(List<(int Sid, long Time, double Value)> rows)
    {
        lock (_rows)
        {
            foreach (var (sid, time, value) in rows)
            {
                if (!_bySeries.TryGetValue(sid, out var list)) _bySeries[sid] = list = [];
                list.Add(new Row(time, ++_sequence, value));
            }
        }
    }

    /// <summary>Removes the rows before <paramref name="end"/> of the series <paramref name="inScope"/> accepts (every series when null).</summary>
    public void RemoveBefore(long end, Func<int, bool>? inScope = null)
    {
        lock (_rows)
        {
            foreach (var sid in _bySeries.Keys.ToList())
            {
                if (inScope is not null && !inScope(sid)) continue;
                var list = _bySeries[sid];
                list.RemoveAll(r => r.Time < end);
                if (list.Count == 0) _bySeries.Remove(sid);
            }
        }
    }

    /// <summary>Copies the series' rows that fall in one of the ranges: (time, sequence, value), sequence ordering the writes.</summary>
    public void CopyInto(int sid, IReadOnlyList<(long From, long To)> ranges, List<(long Time, long Row, double Value)> into)
    {
        lock (_rows)
        {
            if (!_bySeries.TryGetValue(sid, out var list)) return;
            // At most every row of the series is copied: one allocation instead of the list's doublings (bounded, for a
            // series whose compaction lags far behind).
            into.EnsureCapacity(into.Count + Math.Min(list.Count, 65_536));
            foreach (var row in list)
                if (EmbeddedMetricStore.InRanges(row.Time, ranges)) into.Add((row.Time, row.Sequence, row.Value));
        }
    }

    public void Dispose() => _moves.Dispose();
}
