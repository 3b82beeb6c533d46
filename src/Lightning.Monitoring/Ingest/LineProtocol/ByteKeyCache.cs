using System.IO.Hashing;

namespace Lightning.Monitoring.Ingest.LineProtocol;

/// <summary>
/// A small hash map keyed by raw bytes, so that the parser finds a series or a field name it has already seen without
/// decoding the bytes into a string first (the point of interning: no allocation per line for repeated series).
/// </summary>
sealed class ByteKeyCache<T> where T : class
{
    int[] _buckets = new int[256];
    Entry[] _entries = new Entry[256];
    int _count;

    struct Entry
    {
        public ulong Hash;
        public int Next;
        public byte[] Key;
        public T Value;
    }

    public int Count => _count;

    public static ulong Hash(ReadOnlySpan<byte> key) => XxHash3.HashToUInt64(key);

    public T? Find(ReadOnlySpan<byte> key, ulong hash) => Find(key, hash, out _);

    /// <summary>The value of <paramref name="key"/>, and the array holding the key as stored (null when not found).</summary>
    public T? Find(ReadOnlySpan<byte> key, ulong hash, out byte[]? storedKey)
    {
        var index = _buckets[(int)(hash & (ulong)(_buckets.Length - 1))] - 1;
        while (index >= 0)
        {
            ref var entry = ref _entries[index];
            if (entry.Hash == hash && key.SequenceEqual(entry.Key))
            {
                storedKey = entry.Key;
                return entry.Value;
            }
            index = entry.Next;
        }

        storedKey = null;
        return null;
    }

    /// <summary>Adds a key (copied) with its value; returns the stored copy of the key.</summary>
    public byte[] Add(ReadOnlySpan<byte> key, ulong hash, T value)
    {
        if (_count == _entries.Length) Resize();
        ref var bucket = ref _buckets[(int)(hash & (ulong)(_buckets.Length - 1))];
        var stored = key.ToArray();
        _entries[_count] = new Entry { Hash = hash, Next = bucket - 1, Key = stored, Value = value };
        bucket = ++_count;
        return stored;
    }

    public void Clear()
    {
        Array.Clear(_buckets);
        Array.Clear(_entries, 0, _count);
        _count = 0;
    }

    void Resize()
    {
        var size = _entries.Length * 2;
        Array.Resize(ref _entries, size);
        _buckets = new int[size];
        for (var i = 0; i < _count; i++)
        {
            ref var bucket = ref _buckets[(int)(_entries[i].Hash & (ulong)(size - 1))];
            _entries[i].Next = bucket - 1;
            bucket = i + 1;
        }
    }
}
