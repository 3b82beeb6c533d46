using DuckDB.NET.Data;
using DuckDB.NET.Native;
using NativeAppender = DuckDB.NET.Native.DuckDBAppender;

namespace Lightning.Monitoring.Storage.Embedded;

/// <summary>
/// Appends rows to the <c>recent</c> table (<c>sid, t, f, i</c>, one of <c>f</c> and <c>i</c> NULL) by writing DuckDB's
/// column vectors in place, one data chunk of 2,048 rows at a time, and handing each full chunk to DuckDB's appender.
/// DuckDB.NET's row appender allocates a row object per row and makes a native call for every NULL; the ingest path
/// appends millions of rows a second, so here a row is four stores and two validity bits.
/// </summary>
internal sealed unsafe class RecentAppender : IDisposable
{
    static readonly int VectorSize = (int)NativeMethods.Helpers.DuckDBVectorSize();

    readonly NativeAppender _appender;
    readonly DuckDBLogicalType[] _types;
    readonly DuckDBDataChunk _chunk;
    int* _sids;
    long* _times;
    double* _floats;
    long* _integers;
    ulong* _floatValid;
    ulong* _integerValid;
    int _count;
    bool _closed;

    RecentAppender(NativeAppender appender)
    {
        _appender = appender;
        var columns = NativeMethods.Appender.DuckDBAppenderColumnCount(appender);
        if (columns != 4) throw new InvalidOperationException($"The recent table has {columns} columns; the appender writes 4.");
        _types = new DuckDBLogicalType[4];
        var handles = new IntPtr[4];
        for (var column = 0; column < 4; column++)
        {
            _types[column] = NativeMethods.Appender.DuckDBAppenderColumnType(appender, (ulong)column);
            handles[column] = _types[column].DangerousGetHandle();
        }
        _chunk = NativeMethods.DataChunks.DuckDBCreateDataChunk(handles, 4);
        MapVectors();
    }

    /// <summary>Opens an appender on the <c>recent</c> table, inside the connection's current transaction.</summary>
    public static RecentAppender Open(DuckDBConnection connection)
    {
        if (NativeMethods.Appender.DuckDBAppenderCreate(connection.NativeConnection, null!, "recent", out var appender) != DuckDBState.Success)
        {
            var message = ErrorOf(appender);
            appender.Dispose();
            throw new AppendFailedException($"Could not open an appender on the recent table: {message}");
        }
        try
        {
            return new RecentAppender(appender);
        }
        catch
        {
            appender.Dispose();
            throw;
        }
    }

    public void AppendFloat(int sid, long time, double value)
    {
        var row = _count;
        _sids[row] = sid;
        _times[row] = time;
        _floats[row] = value;
        var bit = 1UL << (row & 63);
        _floatValid[row >> 6] |= bit;
        _integerValid[row >> 6] &= ~bit;
        if (++_count == VectorSize) Flush();
    }

    public void AppendInteger(int sid, long time, long value)
    {
        var row = _count;
        _sids[row] = sid;
        _times[row] = time;
        _integers[row] = value;
        var bit = 1UL << (row & 63);
        _integerValid[row >> 6] |= bit;
        _floatValid[row >> 6] &= ~bit;
        if (++_count == VectorSize) Flush();
    }

    /// <summary>Hands the last rows to DuckDB and closes the appender (the rows are then part of the transaction).</summary>
    public void Close()
    {
        if (_closed) return;
        _closed = true;
        if (_count > 0) Flush(remap: false);
        if (NativeMethods.Appender.DuckDBAppenderClose(_appender) != DuckDBState.Success)
            throw new AppendFailedException($"Could not append to the recent table: {ErrorOf(_appender)}");
    }

    /// <summary>Releases the native appender; without <see cref="Close"/> first, the transaction is expected to roll back.</summary>
    public void Dispose()
    {
        _closed = true;
        _chunk.Dispose();
        foreach (var type in _types) type.Dispose();
        _appender.Dispose();
    }

    void Flush(bool remap = true)
    {
        NativeMethods.DataChunks.DuckDBDataChunkSetSize(_chunk, (ulong)_count);
        var state = NativeMethods.Appender.DuckDBAppendDataChunk(_appender, _chunk);
        NativeMethods.DataChunks.DuckDBDataChunkReset(_chunk);
        _count = 0;
        if (state != DuckDBState.Success) throw new AppendFailedException($"Could not append to the recent table: {ErrorOf(_appender)}");
        if (remap) MapVectors();
    }

    /// <summary>A reset chunk may hand out other buffers and drops its validity masks: take the pointers again.</summary>
    void MapVectors()
    {
        var sids = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, 0);
        var times = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, 1);
        var floats = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, 2);
        var integers = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, 3);
        _sids = (int*)NativeMethods.Vectors.DuckDBVectorGetData(sids);
        _times = (long*)NativeMethods.Vectors.DuckDBVectorGetData(times);
        _floats = (double*)NativeMethods.Vectors.DuckDBVectorGetData(floats);
        _integers = (long*)NativeMethods.Vectors.DuckDBVectorGetData(integers);
        NativeMethods.Vectors.DuckDBVectorEnsureValidityWritable(floats);
        NativeMethods.Vectors.DuckDBVectorEnsureValidityWritable(integers);
        _floatValid = NativeMethods.Vectors.DuckDBVectorGetValidity(floats);
        _integerValid = NativeMethods.Vectors.DuckDBVectorGetValidity(integers);
    }

    static string ErrorOf(NativeAppender appender)
    {
        using var error = NativeMethods.Appender.DuckDBAppenderErrorData(appender);
        return error.Message ?? "unknown error";
    }
}

/// <summary>DuckDB refused appended rows (DuckDB.NET's own exception cannot be made outside it).</summary>
internal sealed class AppendFailedException(string message) : Exception(message);
