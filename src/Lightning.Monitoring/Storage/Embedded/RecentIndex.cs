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

    /// <summary>
    /// One series' rows in blocks of <see cref="BlockRows"/> (24 KB each): a series that grows by thousands of rows a
    /// minute under ingest never copies its rows to grow and never needs an array on the large-object heap, whose
    /// allocations bring full (gen2) collections; a single growing list of 6,000 rows already did both.
    /// </summary>
    sealed class SeriesRows
    {
        public const int BlockRows = 1024;
        public readonly List<Row[]> Blocks = [];
        public int Count;

        public void Add(Row row)
        {
            var offset = Count % BlockRows;
            if (offset == 0) Blocks.Add(new Row[BlockRows]);
            Blocks[^1][offset] = row;
            Count++;
        }

        public IEnumerable<Row> Rows()
        {
            for (var i = 0; i < Count; i++) yield return Blocks[i / BlockRows][i % BlockRows];
        }

        /// <summary>Keeps the rows at or after <paramref name="end"/>, in order.</summary>
        public void RemoveBefore(long end)
        {
            var kept = 0;
            for (var i = 0; i < Count; i++)
            {
                var row = Blocks[i / BlockRows][i % BlockRows];
                if (row.Time < end) continue;
                Blocks[kept / BlockRows][kept % BlockRows] = row;
                kept++;
            }
            Count = kept;
            var blocks = (kept + BlockRows - 1) / BlockRows;
            Blocks.RemoveRange(blocks, Blocks.Count - blocks);
        }
    }

    readonly Dictionary<int, SeriesRows> _bySeries = [];
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
                if (!_bySeries.TryGetValue(sid, out var list)) _bySeries[sid] = list = new SeriesRows();
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
                list.RemoveBefore(end);
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
            foreach (var row in list.Rows())
            {
                foreach (var (from, to) in ranges)
                {
                    if (row.Time < from || row.Time >= to) continue;
                    into.Add((row.Time, row.Sequence, row.Value));
                    break;
                }
            }
        }
    }

    public void Dispose() => _moves.Dispose();
}
