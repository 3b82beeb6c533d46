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
        // The block being filled and its next free slot, so that adding a row is two stores.
        Row[]? _last;
        int _free;

        public void Add(Row row)
        {
            if (_last is null || _free == BlockRows)
            {
                _last = new Row[BlockRows];
                Blocks.Add(_last);
                _free = 0;
            }
            _last[_free++] = row;
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
            _last = blocks > 0 ? Blocks[^1] : null;
            _free = kept - (blocks - 1) * BlockRows;
        }
    }

    // Indexed by series id: ids are dense (the catalog hands them out in order), and an array index is cheaper than a
    // hash lookup for each of the millions of rows a second that ingest adds.
    SeriesRows?[] _bySeries = new SeriesRows?[1024];
    readonly ReaderWriterLockSlim _moves = new(LockRecursionPolicy.NoRecursion);
    readonly Lock _rows = new();
    long _sequence;

    /// <summary>Rows held, all series together.</summary>
    public long Count
    {
        get
        {
            lock (_rows) return _bySeries.Sum(l => (long)(l?.Count ?? 0));
        }
    }

    public void EnterQuery() => _moves.EnterReadLock();

    public void ExitQuery() => _moves.ExitReadLock();

    public void EnterMove() => _moves.EnterWriteLock();

    public void ExitMove() => _moves.ExitWriteLock();

    public void Clear()
    {
        lock (_rows) Array.Clear(_bySeries);
    }

    /// <summary>Adds committed rows in write order (later rows are newer writes).</summary>
    public void Add(List<(int Sid, long Time, double Value)> rows)
    {
        lock (_rows)
        {
            foreach (var (sid, time, value) in rows)
            {
                if (sid >= _bySeries.Length) Array.Resize(ref _bySeries, Math.Max(sid + 1, _bySeries.Length * 2));
                var list = _bySeries[sid] ??= new SeriesRows();
                list.Add(new Row(time, ++_sequence, value));
            }
        }
    }

    /// <summary>Removes the rows before <paramref name="end"/> of the series <paramref name="inScope"/> accepts (every series when null).</summary>
    public void RemoveBefore(long end, Func<int, bool>? inScope = null)
    {
        lock (_rows)
        {
            for (var sid = 0; sid < _bySeries.Length; sid++)
            {
                if (_bySeries[sid] is not { } list || (inScope is not null && !inScope(sid))) continue;
                list.RemoveBefore(end);
                if (list.Count == 0) _bySeries[sid] = null;
            }
        }
    }

    /// <summary>Copies the series' rows that fall in one of the ranges: (time, sequence, value), sequence ordering the writes.</summary>
    public void CopyInto(int sid, IReadOnlyList<(long From, long To)> ranges, List<(long Time, long Row, double Value)> into)
    {
        lock (_rows)
        {
            if ((uint)sid >= (uint)_bySeries.Length || _bySeries[sid] is not { } list) return;
            // At most every row of the series is copied: one allocation instead of the list's doublings (bounded, for a
            // series whose compaction lags far behind); an index loop, not an iterator, so the read allocates nothing else.
            into.EnsureCapacity(into.Count + Math.Min(list.Count, 65_536));
            for (var i = 0; i < list.Count; i++)
            {
                var row = list.Blocks[i / SeriesRows.BlockRows][i % SeriesRows.BlockRows];
                if (EmbeddedMetricStore.InRanges(row.Time, ranges)) into.Add((row.Time, row.Sequence, row.Value));
            }
        }
    }

    public void Dispose() => _moves.Dispose();
}
