using System.Collections.Concurrent;
using System.Threading.Channels;
using DuckDB.NET.Data;
using Lightning.Core.Errors;
using Lightning.Monitoring.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Monitoring.Storage.Embedded;

/// <summary>
/// The embedded metric store: one DuckDB file. Writes go through one background writer that commits many batches
/// together (group commit) into an append table; closed time chunks are moved into compacted chunks, one row per series
/// and hour holding its points encoded by <see cref="ChunkCodec"/> (about a byte per host-metrics point); 1-minute and
/// 1-hour rollups are recomputed for every window the moved points touch, so late points recompute their buckets.
/// </summary>
public sealed partial class EmbeddedMetricStore : IMetricStore
{
    public const string StoreKind = "embedded";
    public const string DefaultFileName = "metrics.duckdb";

    internal const long NsPerMinute = 60_000_000_000L;
    internal const long NsPerHour = 60 * NsPerMinute;

    readonly EmbeddedStoreOptions _options;
    readonly TimeProvider _time;
    readonly ILogger _logger;
    readonly DuckDBConnection _writer;
    readonly ConcurrentBag<DuckDBConnection> _readers = [];
    readonly SemaphoreSlim _readerSlots;
    readonly List<DuckDBConnection> _allReaders = [];
    readonly SeriesCatalog _catalog = new();
    readonly RecentIndex _recentRows = new();
    readonly ChunkCache _chunkCache;
    readonly Channel<WorkItem> _work = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    readonly Task _writerLoop;
    readonly CancellationTokenSource _stopping = new();
    readonly Task _maintenanceLoop;
    int _disposed;

    EmbeddedMetricStore(EmbeddedStoreOptions options, string path, DuckDBConnection writer, TimeProvider time, ILogger logger)
    {
        _options = options;
        Path = path;
        _writer = writer;
        _time = time;
        _logger = logger;
        _chunkCache = new ChunkCache(options.ChunkCacheBytes);
        _readerSlots = new SemaphoreSlim(options.QueryConnections, options.QueryConnections);
        for (var i = 0; i < options.QueryConnections; i++)
        {
            // DuckDB.NET shares one database instance between connections to the same file in a process.
            var reader = new DuckDBConnection(writer.ConnectionString);
            reader.Open();
            _allReaders.Add(reader);
            _readers.Add(reader);
        }
        LoadState();
        MigrateLegacyRollups();
        MigrateLegacyPoints();
        _writerLoop = Task.Run(WriterLoopAsync);
        _maintenanceLoop = Task.Run(MaintenanceLoopAsync);
    }

    public string Kind => StoreKind;

    /// <summary>The DuckDB file.</summary>
    public string Path { get; }

    /// <summary>Opens (or creates) the store at <see cref="EmbeddedStoreOptions.Path"/>.</summary>
    public static EmbeddedMetricStore Open(EmbeddedStoreOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true))
            throw new ValidationFailedException(string.Join(" ", results.Select(r => r.ErrorMessage)));
        if (string.IsNullOrWhiteSpace(options.Path))
            throw new ValidationFailedException("The embedded metric store needs a path (Lightning:Monitoring:Storage:Embedded:Path).");
        var path = System.IO.Path.GetFullPath(options.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var connection = new DuckDBConnection($"Data Source={path}");
        try
        {
            connection.Open();
            Execute(connection, Schema.Create);
            if (options.MemoryLimit is { Length: > 0 } memory) Execute(connection, $"SET memory_limit = '{memory.Replace("'", "''", StringComparison.Ordinal)}'");
            if (options.CheckpointThreshold is { Length: > 0 } threshold)
                Execute(connection, $"SET checkpoint_threshold = '{threshold.Replace("'", "''", StringComparison.Ordinal)}'");
            if (options.Threads is { } threads) Execute(connection, $"SET threads = {threads}");
        }
        catch (DuckDBException ex)
        {
            connection.Dispose();
            throw new LightningException(ErrorKind.Unavailable, "metrics.store_unavailable", $"The metric store at {path} could not be opened: {ex.Message}", ex);
        }
        var store = new EmbeddedMetricStore(options, path, connection, time ?? TimeProvider.System, logger ?? NullLogger.Instance);
        Log.StoreOpened(store._logger, path, store._catalog.Entries(null).Select(e => e.Series).Distinct().Count());
        return store;
    }

    void LoadState()
    {
        _catalog.Clear();
        _committedFields.Clear();
        using (var command = _writer.CreateCommand())
        {
            command.CommandText = "SELECT id, series, field, kind FROM series ORDER BY id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                _catalog.Add(new CatalogEntry(reader.GetInt32(0), SeriesKey.Parse(reader.GetString(1)), reader.GetString(2), (FieldKind)reader.GetByte(3)));
        }
        _watermark = ScalarLong(_writer, "SELECT coalesce(max(value), -9223372036854775808) FROM state WHERE key = 'watermark'");
        _lastTimes = new long[Math.Max(1024, _catalog.NextId * 2)];
        Array.Fill(_lastTimes, long.MinValue);
        RefreshRecentState();
        LoadRecentRows();
    }

    /// <summary>Fills the in-memory copy of the append table, in write order.</summary>
    void LoadRecentRows()
    {
        _recentRows.Clear();
        _chunkCache.Clear();
        var rows = new List<(int Sid, long Time, double Value)>();
        using var command = _writer.CreateCommand();
        command.CommandText = $"SELECT sid, t, {Schema.Value} FROM recent ORDER BY rowid";
        using var reader = command.ExecuteReader();
        while (reader.Read()) rows.Add((reader.GetInt32(0), reader.GetInt64(1), reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2)));
        _recentRows.Add(rows);
    }

    /// <summary>Recomputes what the writer tracks about the append table (after open and after compaction).</summary>
    void RefreshRecentState()
    {
        Volatile.Write(ref _recentMinTime, ScalarLong(_writer, "SELECT coalesce(min(t), 9223372036854775807) FROM recent"));
        _recentHasOverlaps = ScalarLong(_writer, "SELECT count(*) FROM (SELECT sid, t FROM recent GROUP BY sid, t HAVING count(*) > 1)") > 0
            || ScalarLong(_writer, $"SELECT count(*) FROM recent WHERE t < {_watermark}") > 0;
        using var command = _writer.CreateCommand();
        command.CommandText = "SELECT sid, max(t) FROM recent GROUP BY sid";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var sid = reader.GetInt32(0);
            EnsureLastTimes(sid);
            _lastTimes[sid] = Math.Max(_lastTimes[sid], reader.GetInt64(1));
        }
    }

    void EnsureLastTimes(int sid)
    {
        if (sid < _lastTimes.Length) return;
        var size = _lastTimes.Length;
        while (size <= sid) size *= 2;
        var grown = new long[size];
        Array.Fill(grown, long.MinValue);
        _lastTimes.CopyTo(grown, 0);
        _lastTimes = grown;
    }

    public Task<IReadOnlyList<string>> MeasurementsAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return Task.FromResult(_catalog.Measurements());
    }

    public Task<IReadOnlyList<SeriesInfo>> SeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ThrowIfDisposed();
        if (filter.Limit < 1) throw new ValidationFailedException("A series listing needs a limit of at least 1.");
        if (filter.Measurement is { } measurement) RequireMeasurement(measurement);
        var matcher = new TagMatcher(filter.Where);
        IReadOnlyList<SeriesInfo> series = _catalog.Entries(filter.Measurement)
            .Where(e => matcher.Matches(e.Series))
            .GroupBy(e => e.Series)
            .OrderBy(g => g.Key.Canonical, StringComparer.Ordinal)
            .Take(filter.Limit)
            .Select(g => new SeriesInfo(g.Key, g.ToDictionary(e => e.Field, e => e.Kind, StringComparer.Ordinal)))
            .ToArray();
        return Task.FromResult(series);
    }

    public Task<IReadOnlyList<string>> TagValuesAsync(TagValuesFilter filter, CancellationToken cancellationToken = default)
    {
        TagValues.Validate(filter);
        ThrowIfDisposed();
        if (filter.Measurement is { } measurement) RequireMeasurement(measurement);
        var matcher = new TagMatcher(filter.Where);
        var series = _catalog.Entries(filter.Measurement).Select(e => e.Series).Distinct().Where(matcher.Matches);
        return Task.FromResult(TagValues.Of(series, filter));
    }

    void RequireMeasurement(string measurement)
    {
        if (!_catalog.HasMeasurement(measurement))
            throw new LightningException(ErrorKind.NotFound, "metrics.measurement_not_found",
                $"The measurement '{measurement}' has no data in the metric store. List the measurements to see which exist.");
    }

    async Task<DuckDBConnection> RentReaderAsync(CancellationToken cancellationToken)
    {
        await _readerSlots.WaitAsync(cancellationToken);
        if (_readers.TryTake(out var connection)) return connection;
        _readerSlots.Release();
        throw new InvalidOperationException("No query connection is free although a slot was.");
    }

    void ReturnReader(DuckDBConnection connection)
    {
        _readers.Add(connection);
        _readerSlots.Release();
    }

    internal static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static long ScalarLong(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stopping.CancelAsync();
        _work.Writer.TryComplete();
        try
        {
            await _writerLoop;
            await _maintenanceLoop;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        foreach (var reader in _allReaders)
        {
            await reader.DisposeAsync();
        }
        try
        {
            Execute(_writer, "CHECKPOINT");
        }
        catch (DuckDBException)
        {
            // A store that failed (a full disk) cannot checkpoint; the WAL is replayed on the next open.
        }
        await _writer.DisposeAsync();
        _stopping.Dispose();
        _readerSlots.Dispose();
        _recentRows.Dispose();
    }
}
