namespace Lightning.Monitoring.Storage.Embedded;

/// <summary>
/// Decoded compacted chunks of recently read (series, hour window)s, least recently used first out, bounded in bytes,
/// so that a repeated raw read of recent hours needs no DuckDB statement nor decoding. A window known to hold no chunk
/// is cached too (as an empty entry), so that "nothing compacted there yet" is also answered from memory.
/// <para>
/// Consistency: entries are only added by a reader holding <see cref="RecentIndex.EnterQuery"/> from the chunks it read
/// under that same lock, and every change of the chunks table (compaction, retention) invalidates what it changed while
/// holding <see cref="RecentIndex.EnterMove"/> right after its commit. So an entry never outlives the chunk it was read
/// from. Restore replaces the file of a closed store; a store opened on it starts with an empty cache.
/// </para>
/// </summary>
internal sealed class ChunkCache
{
    /// <summary>Queries spanning more windows per series than this neither read nor fill the cache (they are not the repeated dashboard reads it is for).</summary>
    public const int MaxWindowsPerRead = 48;

    /// <summary>What an entry costs besides its points: the node, the key, the arrays' headers.</summary>
    const long EntryOverheadBytes = 128;

    /// <summary>One window's points in time order; immutable once cached. An empty entry means the window has no chunk.</summary>
    public sealed class Decoded(long[] times, double[] values, int count)
    {
        public static readonly Decoded None = new([], [], 0);

        public long[] Times { get; } = times;
        public double[] Values { get; } = values;
        public int Count { get; } = count;

        public long Bytes => EntryOverheadBytes + Count * (sizeof(long) + sizeof(double));
    }

    readonly Dictionary<(int Sid, long Window), LinkedListNode<((int Sid, long Window) Key, Decoded Chunk)>> _entries = [];
    readonly LinkedList<((int Sid, long Window) Key, Decoded Chunk)> _recency = new();
    readonly Lock _lock = new();
    readonly long _maxBytes;
    long _bytes;
    long _hits;
    long _misses;

    public ChunkCache(long maxBytes) => _maxBytes = maxBytes;

    public bool Enabled => _maxBytes > 0;

    /// <summary>Bytes held (points plus per-entry overhead).</summary>
    public long Bytes
    {
        get
        {
            lock (_lock) return _bytes;
        }
    }

    public int Entries
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    public (long Hits, long Misses) Lookups => (Interlocked.Read(ref _hits), Interlocked.Read(ref _misses));

    public bool TryGet(int sid, long window, out Decoded chunk)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue((sid, window), out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                chunk = node.Value.Chunk;
                _hits++;
                return true;
            }
            _misses++;
        }
        chunk = Decoded.None;
        return false;
    }

    /// <summary>Caches a window's decoded chunk (or <see cref="Decoded.None"/>), evicting the least recently used entries past the bound.</summary>
    public void Put(int sid, long window, Decoded chunk)
    {
        if (!Enabled || chunk.Bytes > _maxBytes) return;
        lock (_lock)
        {
            RemoveLocked((sid, window));
            _entries[(sid, window)] = _recency.AddFirst(((sid, window), chunk));
            _bytes += chunk.Bytes;
            while (_bytes > _maxBytes && _recency.Last is { } oldest) RemoveLocked(oldest.Value.Key);
        }
    }

    public void Invalidate(int sid, long window)
    {
        lock (_lock) RemoveLocked((sid, window));
    }

    /// <summary>Drops every window of the series <paramref name="inScope"/> accepts.</summary>
    public void InvalidateSeries(Func<int, bool> inScope)
    {
        lock (_lock)
        {
            foreach (var key in _entries.Keys.Where(k => inScope(k.Sid)).ToList()) RemoveLocked(key);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _recency.Clear();
            _bytes = 0;
        }
    }

    void RemoveLocked((int Sid, long Window) key)
    {
        if (!_entries.Remove(key, out var node)) return;
        _recency.Remove(node);
        _bytes -= node.Value.Chunk.Bytes;
    }
}
