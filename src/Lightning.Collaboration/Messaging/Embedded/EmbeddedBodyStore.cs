using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Lightning.Collaboration.Messaging.Embedded;

/// <summary>
/// Large message bodies, kept out of SQLite in append-only segment files beside the journal
/// (<c>&lt;journal&gt;.bodies/0000000001.seg</c>, ...); the journal stores only (segment, offset, length).
/// </summary>
/// <remarks>
/// In SQLite a 10 KB body is written twice (into the write-ahead log, then copied into the database by the checkpoint)
/// and freed page by page once acknowledged; the checkpoint's copy competed with the group commit's fsync for the disk
/// and made the 10 KB publish tail (p99 7.5 ms against 4.4 ms with no checkpoint). Here a body is written once, and a
/// segment is deleted whole once no stored message refers to it. Durability: the segments written in a batch (and a new
/// segment's directory entry) are fsynced by <see cref="StartFlush"/> alongside the SQLite commit that refers to them,
/// and the batch's callers complete only once both are on disk. A power cut between the two can leave committed rows
/// whose bytes never reached the disk, all from the last batch, whose publishes never returned: each row keeps the
/// body's hash (<see cref="Append"/>), and the journal checks the newest rows at open and removes those that do not
/// match. Bytes of a batch that rolled back, or of a duplicate, are never referenced: they are skipped, and go with
/// their segment. Only the writer thread calls this class; a flush's system calls run on a pool thread.
/// </remarks>
internal sealed class EmbeddedBodyStore : IDisposable
{
    /// <summary>
    /// Bodies of at least this many bytes go to a segment: SQLite keeps a body this large on overflow pages anyway
    /// (4 KiB pages), so smaller ones stay inline, where one page write covers the whole row.
    /// </summary>
    internal const int MinimumBytes = 4_096;

    /// <summary>A segment takes bodies until it holds this much, then a new one starts.</summary>
    internal const long DefaultSegmentBytes = 64L * 1024 * 1024;

    const string Extension = ".seg";

    readonly string _directory;
    readonly long _segmentBytes;
    // Committed references per segment; a segment no longer current with none left is deleted.
    readonly Dictionary<long, long> _live = [];
    // Changes to _live made by the open batch, applied at its commit and dropped at its rollback.
    readonly Dictionary<long, long> _pending = [];
    readonly Dictionary<long, SafeFileHandle> _handles = [];
    // Segments written since the last flush, to fsync alongside the commit.
    readonly HashSet<long> _unsynced = [];
    // Segments found empty after an unsynced commit: deleted after the next synced one.
    readonly HashSet<long> _empty = [];
    long _current;
    long _length;
    bool _directoryChanged;

    /// <param name="journal">The SQLite journal file; segments go in the folder <c>&lt;journal&gt;.bodies</c>.</param>
    /// <param name="referenced">Segment → stored messages whose body is in it, as the journal holds them now.</param>
    /// <param name="segmentBytes">When a segment is full; smaller in tests.</param>
    public EmbeddedBodyStore(string journal, IReadOnlyDictionary<long, long> referenced, long segmentBytes = DefaultSegmentBytes)
    {
        _segmentBytes = segmentBytes;
        _directory = journal + ".bodies";
        Directory.CreateDirectory(_directory);
        var newest = 0L;
        foreach (var path in Directory.EnumerateFiles(_directory, "*" + Extension))
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            newest = Math.Max(newest, id);
            if (!referenced.ContainsKey(id))
            {
                // Nothing refers to it: its messages were settled (the deletion did not happen before the process
                // stopped), or its only batch never committed.
                File.Delete(path);
            }
        }

        foreach (var (segment, count) in referenced)
        {
            _live[segment] = count;
        }

        // Never append to a segment from before: its tail may hold bytes of a batch that never committed. A new
        // segment file is created on the first append.
        _current = Math.Max(newest, referenced.Count == 0 ? 0 : referenced.Keys.Max());
        _length = segmentBytes;
    }

    /// <summary>The folder of the segment files.</summary>
    public string DirectoryPath => _directory;

    /// <summary>Writes the body at the end of the current segment (no fsync yet) and says where it is, with its hash.</summary>
    public (long Segment, long Offset, long Hash) Append(ReadOnlySpan<byte> body)
    {
        if (_length + body.Length > _segmentBytes && _length > 0)
        {
            StartSegment();
        }

        var offset = _length;
        RandomAccess.Write(Handle(_current), body, offset);
        _length += body.Length;
        _unsynced.Add(_current);
        return (_current, offset, Hash(body));
    }

    /// <summary>A stored message now refers to this segment (counted when the batch commits).</summary>
    public void Retain(long segment) => Change(segment, 1);

    /// <summary>A stored message no longer refers to this segment (counted when the batch commits).</summary>
    public void Release(long segment) => Change(segment, -1);

    /// <summary>The body, or an empty array when its segment is gone (the message then fails to read and is dead-lettered).</summary>
    public byte[] Read(long segment, long offset, int length)
    {
        var body = new byte[length];
        SafeFileHandle handle;
        try
        {
            handle = Handle(segment);
        }
        catch (FileNotFoundException)
        {
            return [];
        }

        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(handle, body.AsSpan(read), offset + read);
            if (n == 0)
            {
                return [];
            }

            read += n;
        }

        return body;
    }

    /// <summary>True when the bytes at this place are the body that had this hash: false for a body a power cut lost.</summary>
    public bool Holds(long segment, long offset, int length, long hash)
    {
        var body = Read(segment, offset, length);
        return body.Length == length && Hash(body) == hash;
    }

    /// <summary>
    /// Starts putting every body written since the last flush on disk, on a pool thread, so the caller can commit
    /// meanwhile. Wait for it before telling anyone the batch is durable.
    /// </summary>
    public Task StartFlush()
    {
        if (_unsynced.Count == 0 && !_directoryChanged)
        {
            return Task.CompletedTask;
        }

        var handles = _unsynced.Select(segment => _handles[segment]).ToArray();
        var directory = _directoryChanged ? _directory : null;
        _unsynced.Clear();
        _directoryChanged = false;
        return Task.Run(() =>
        {
            foreach (var handle in handles)
            {
                RandomAccess.FlushToDisk(handle);
            }

            if (directory is not null)
            {
                SyncDirectory(directory);
            }
        });
    }

    /// <summary>Puts every body written since the last flush on disk, and waits.</summary>
    public void Flush() => StartFlush().GetAwaiter().GetResult();

    /// <summary>The batch committed: its counts apply, and segments nothing refers to any more are deleted.</summary>
    /// <param name="synced">False when the commit skipped the fsync: a deletion waits for a durable commit.</param>
    public void Committed(bool synced)
    {
        foreach (var (segment, change) in _pending)
        {
            var count = _live.GetValueOrDefault(segment) + change;
            _live[segment] = count;
            if (count <= 0)
            {
                _empty.Add(segment);
            }
        }

        _pending.Clear();
        if (synced)
        {
            DeleteEmpty();
        }
    }

    /// <summary>Every commit so far is on disk (a flush after it returned): segments they emptied are deleted.</summary>
    public void Durable() => DeleteEmpty();

    /// <summary>The batch rolled back: its counts are dropped; bytes it appended stay unreferenced in their segment.</summary>
    public void RolledBack() => _pending.Clear();

    public void Dispose()
    {
        foreach (var handle in _handles.Values)
        {
            handle.Dispose();
        }

        _handles.Clear();
    }

    void Change(long segment, long change) => _pending[segment] = _pending.GetValueOrDefault(segment) + change;

    void StartSegment()
    {
        var previous = _current;
        _current++;
        _length = 0;
        var path = PathOf(_current);
        _handles[_current] = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        _directoryChanged = true;
        if (previous > 0 && _live.GetValueOrDefault(previous) <= 0)
        {
            // Everything in it was settled while it was current; it can go once the next commit is durable.
            _empty.Add(previous);
        }
    }

    void DeleteEmpty()
    {
        // The current segment stays, even when empty, until the next one starts: it is still being written.
        _empty.RemoveWhere(segment =>
        {
            if (segment == _current)
            {
                return false;
            }

            if (_live.GetValueOrDefault(segment) <= 0)
            {
                if (_handles.Remove(segment, out var handle))
                {
                    handle.Dispose();
                }

                File.Delete(PathOf(segment));
                _live.Remove(segment);
            }

            return true;
        });
    }

    SafeFileHandle Handle(long segment)
    {
        if (!_handles.TryGetValue(segment, out var handle))
        {
            handle = File.OpenHandle(PathOf(segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            _handles[segment] = handle;
        }

        return handle;
    }

    static long Hash(ReadOnlySpan<byte> body) => unchecked((long)XxHash3.HashToUInt64(body));

    string PathOf(long segment) => Path.Combine(_directory, segment.ToString("D10", CultureInfo.InvariantCulture) + Extension);

    /// <summary>
    /// Makes a new file's directory entry durable: on Linux an fsync of the file alone does not promise it. Windows has
    /// no such call (and NTFS journals the entry), so there it does nothing.
    /// </summary>
    static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = NativeMethods.open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            throw new IOException($"Cannot open {directory} to sync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (NativeMethods.fsync(fd) != 0)
            {
                throw new IOException($"Cannot sync {directory} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }
    }

    static class NativeMethods
    {
#pragma warning disable CA5392, SYSLIB1054 // libc from the default search path; a plain DllImport needs no unsafe code.
        [DllImport("libc", SetLastError = true)]
        internal static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        internal static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        internal static extern int close(int fd);
#pragma warning restore CA5392, SYSLIB1054
    }
}
