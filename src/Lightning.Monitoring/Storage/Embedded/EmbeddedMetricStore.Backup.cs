using System.Globalization;
using System.Runtime.CompilerServices;
using DuckDB.NET.Data;
using Lightning.Core.Errors;
using Lightning.Monitoring.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Monitoring.Storage.Embedded;

public sealed partial class EmbeddedMetricStore
{
    /// <summary>
    /// Writes a consistent snapshot of the store to a new DuckDB file while writes continue: <c>COPY FROM DATABASE</c> runs
    /// in one read transaction, so it sees exactly the commits before it started.
    /// </summary>
    public async Task BackupAsync(string backupPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(backupPath);
        ThrowIfDisposed();
        var target = System.IO.Path.GetFullPath(backupPath);
        if (File.Exists(target)) throw new ValidationFailedException($"The backup file {target} already exists; choose a new name.");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        var alias = "backup_" + Guid.NewGuid().ToString("N")[..12];
        var connection = await RentReaderAsync(cancellationToken);
        try
        {
            var source = ScalarString(connection, "SELECT current_database()");
            Execute(connection, $"ATTACH {Literal(target)} AS {alias}");
            try
            {
                Execute(connection, $"COPY FROM DATABASE \"{source}\" TO {alias}");
            }
            finally
            {
                Execute(connection, $"DETACH {alias}");
            }
        }
        catch (DuckDBException ex)
        {
            throw new LightningException(ErrorKind.Unavailable, "metrics.backup_failed", $"The backup to {target} failed: {ex.Message.Split('\n')[0]}", ex);
        }
        finally
        {
            ReturnReader(connection);
        }
        Log.BackupWritten(_logger, target);
    }

    /// <summary>Replaces the store file at <paramref name="storePath"/> (which must not be open) with a backup, after checking that the backup opens.</summary>
    public static Task RestoreAsync(string backupPath, string storePath, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(backupPath);
        ArgumentException.ThrowIfNullOrEmpty(storePath);
        var backup = System.IO.Path.GetFullPath(backupPath);
        var target = System.IO.Path.GetFullPath(storePath);
        if (!File.Exists(backup)) throw new LightningException(ErrorKind.NotFound, "metrics.backup_not_found", $"The backup {backup} does not exist.");
        try
        {
            using var check = new DuckDBConnection($"Data Source={backup};ACCESS_MODE=READ_ONLY");
            check.Open();
            ScalarLong(check, "SELECT count(*) FROM series");
        }
        catch (DuckDBException ex)
        {
            throw new ValidationFailedException($"{backup} is not a metric store backup: {ex.Message.Split('\n')[0]}", ex);
        }
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        // Copy beside the target, then rename over it, so a failed copy leaves the old store as it was.
        var temporary = target + ".restoring";
        File.Copy(backup, temporary, overwrite: true);
        File.Delete(target + ".wal");
        File.Move(temporary, target, overwrite: true);
        Log.Restored(logger ?? NullLogger.Instance, backup, target);
        return Task.CompletedTask;
    }

    /// <summary>Exports the stored points of a measurement (or all, when null) in [from, to) to CSV or Parquet, one row per field value.</summary>
    public async Task<long> ExportAsync(string? measurement, DateTimeOffset from, DateTimeOffset to, ExportFormat format, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ThrowIfDisposed();
        if (measurement is not null) RequireMeasurement(measurement);
        var (start, end) = (Timestamps.ToNanoseconds(from), Timestamps.ToNanoseconds(to));
        var target = Literal(System.IO.Path.GetFullPath(path));
        return await RunOnReaderAsync(connection => InReadTransaction(connection, () =>
        {
            var decoded = MaterializeChunks(connection, measurement, start, end);
            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"""
                    COPY (
                      SELECT make_timestamp(x.t // 1000) AS time, x.t AS time_ns, s.measurement, s.series, s.field,
                             CASE WHEN s.kind = {(int)FieldKind.String} THEN NULL ELSE x.v END AS value, x.i AS integer, x.s AS text
                      FROM ({ExportSource(measurement, start, end, decoded)}) x JOIN series s ON s.id = x.sid
                      ORDER BY x.t, s.series, s.field
                    ) TO {target} {FormatOptions(format)}
                    """;
                return (long)command.ExecuteNonQuery();
            }
            finally
            {
                Execute(connection, $"DROP TABLE {decoded}");
            }
        }), "export", cancellationToken);
    }

    /// <summary>Runs a query and writes its result (one row per point of each result series) to CSV or Parquet.</summary>
    public async Task<long> ExportQueryAsync(MetricQuery query, ExportFormat format, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var result = await QueryAsync(query, cancellationToken);
        var table = "export_" + Guid.NewGuid().ToString("N")[..12];
        return await RunOnReaderAsync(connection =>
        {
            Execute(connection, $"CREATE TEMP TABLE {table} (time_ns BIGINT, measurement VARCHAR, tags VARCHAR, field VARCHAR, value DOUBLE)");
            try
            {
                using (var appender = connection.CreateAppender(table))
                {
                    foreach (var series in result.Series)
                    {
                        var tags = string.Join(',', series.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
                        for (var i = 0; i < series.Values.Length; i++)
                        {
                            var row = appender.CreateRow().AppendValue(series.TimestampsNs[i]).AppendValue(series.Measurement).AppendValue(tags).AppendValue(series.Field);
                            (double.IsNaN(series.Values[i]) ? row.AppendNullValue() : row.AppendValue(series.Values[i])).EndRow();
                        }
                    }
                }
                using var command = connection.CreateCommand();
                command.CommandText = $"COPY (SELECT make_timestamp(time_ns // 1000) AS time, * FROM {table}) TO {Literal(System.IO.Path.GetFullPath(path))} {FormatOptions(format)}";
                return (long)command.ExecuteNonQuery();
            }
            finally
            {
                Execute(connection, $"DROP TABLE {table}");
            }
        }, "export", cancellationToken);
    }

    /// <summary>
    /// The stored points of a measurement (or all) in [from, to), oldest first, in batches of at most
    /// <paramref name="batchSize"/> rows, with their original types: for line-protocol export and migration.
    /// </summary>
    public async IAsyncEnumerable<PointBatch> ReadBatchesAsync(string? measurement, DateTimeOffset from, DateTimeOffset to, int batchSize = 10_000,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (batchSize < 1) throw new ValidationFailedException("The batch size must be at least 1.");
        if (measurement is not null) RequireMeasurement(measurement);
        var entries = _catalog.Entries(measurement).ToDictionary(e => e.Id);
        var (start, end) = (Timestamps.ToNanoseconds(from), Timestamps.ToNanoseconds(to));
        var connection = await RentReaderAsync(cancellationToken);
        string? decoded = null;
        Execute(connection, "BEGIN TRANSACTION");
        try
        {
            decoded = MaterializeChunks(connection, measurement, start, end);
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT sid, t, v, i, s FROM ({ExportSource(measurement, start, end, decoded)}) ORDER BY t, sid";
            using var reader = command.ExecuteReader();
            var batch = new PointBatch(Math.Min(batchSize, 65_536));
            var seriesIndex = new Dictionary<int, int>();
            while (reader.Read())
            {
                if (!entries.TryGetValue(reader.GetInt32(0), out var entry)) continue;
                if (!seriesIndex.TryGetValue(entry.Id, out var index)) seriesIndex[entry.Id] = index = batch.AddSeries(entry.Series);
                var value = entry.Kind switch
                {
                    FieldKind.String => FieldValue.OfString(reader.GetString(4)),
                    FieldKind.Integer => FieldValue.OfInteger(reader.GetInt64(3)),
                    FieldKind.Boolean => FieldValue.OfBoolean(reader.GetInt64(3) != 0),
                    _ => FieldValue.OfFloat(reader.GetDouble(2)),
                };
                batch.Add(index, entry.Field, reader.GetInt64(1), value);
                if (batch.Count < batchSize) continue;
                yield return batch;
                batch = new PointBatch(Math.Min(batchSize, 65_536));
                seriesIndex.Clear();
            }
            if (batch.Count > 0) yield return batch;
        }
        finally
        {
            if (decoded is not null) TryExecute(connection, $"DROP TABLE {decoded}");
            TryRollback(connection); // read only: nothing to keep
            ReturnReader(connection);
        }
    }

    /// <summary>Point counts and the database's size: used blocks (what the data costs) and the file (which DuckDB does not shrink).</summary>
    public Task<StoreStatistics> StatisticsAsync(CancellationToken cancellationToken = default) =>
        RunOnReaderAsync(connection =>
        {
            var recent = ScalarLong(connection, "SELECT count(*) FROM recent");
            var compacted = ScalarLong(connection, "SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM chunks");
            var strings = ScalarLong(connection, "SELECT count(*) FROM strings");
            var series = ScalarLong(connection, "SELECT count(DISTINCT series) FROM series");
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT block_size * used_blocks FROM pragma_database_size() WHERE database_name = current_database()";
            var used = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            var file = new FileInfo(Path);
            var wal = new FileInfo(Path + ".wal");
            return new StoreStatistics(recent + compacted, compacted, strings, series, used, file.Exists ? file.Length : 0, wal.Exists ? wal.Length : 0);
        }, "statistics", cancellationToken);

    /// <summary>Every stored value (numeric and string), newest write per (series, time), with the measurement filter and range; compacted points from <paramref name="decoded"/>.</summary>
    static string ExportSource(string? measurement, long from, long to, string decoded)
    {
        var where = $"t >= {from} AND t < {to}" + (measurement is null ? string.Empty : $" AND sid IN (SELECT id FROM series WHERE measurement = {Literal(measurement)})");
        return $"""
            SELECT sid, t, v, i, s FROM (
              SELECT sid, t, {Schema.Value} AS v, i, CAST(NULL AS VARCHAR) AS s, 0 AS src, CAST(0 AS BIGINT) AS rid FROM {decoded} WHERE {where}
              UNION ALL SELECT sid, t, {Schema.Value}, i, NULL, 1, rowid FROM recent WHERE {where}
              UNION ALL SELECT sid, t, NULL, NULL, s, 2, rowid FROM strings WHERE {where})
            QUALIFY row_number() OVER (PARTITION BY sid, t ORDER BY src DESC, rid DESC) = 1
            """;
    }

    /// <summary>
    /// Decodes the compacted chunks of a measurement (or all) overlapping [from, to) into a new temp table shaped like the
    /// append table (sid, t, f, i), a day of windows at a time; returns its name. Run inside a read transaction, so that
    /// it and the statements that use it see one snapshot.
    /// </summary>
    static string MaterializeChunks(DuckDBConnection connection, string? measurement, long from, long to)
    {
        var table = "decoded_" + Guid.NewGuid().ToString("N")[..12];
        Execute(connection, $"CREATE TEMP TABLE {table} (sid INTEGER, t BIGINT, f DOUBLE, i BIGINT)");
        var filter = measurement is null ? string.Empty : $" AND sid IN (SELECT id FROM series WHERE measurement = {Literal(measurement)})";
        var day = 24 * NsPerHour;
        var first = ScalarLong(connection, $"SELECT coalesce(min(w), 9223372036854775807) FROM chunks WHERE w >= {FloorTo(from, ChunkWindowNs)} AND w < {to}{filter}");
        if (first == long.MaxValue) return table;
        var last = ScalarLong(connection, $"SELECT max(w) FROM chunks WHERE w >= {FloorTo(from, ChunkWindowNs)} AND w < {to}{filter}");
        for (var start = first; start <= last; start += day)
        {
            var rows = new List<(int Sid, byte[] Data)>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT sid, data FROM chunks WHERE w >= {start} AND w < {Math.Min(start + day, last + 1)}{filter}";
                using var reader = command.ExecuteReader();
                while (reader.Read()) rows.Add((reader.GetInt32(0), ReadBlob(reader, 1)));
            }
            using var appender = connection.CreateAppender(table);
            foreach (var (sid, data) in rows)
            {
                var count = ChunkCodec.Count(data);
                var times = new long[count];
                if (ChunkCodec.IsInteger(data))
                {
                    var integers = new long[count];
                    ChunkCodec.DecodeIntegers(data, times, integers);
                    for (var i = 0; i < count; i++)
                        if (times[i] >= from && times[i] < to) appender.CreateRow().AppendValue(sid).AppendValue(times[i]).AppendNullValue().AppendValue(integers[i]).EndRow();
                    continue;
                }
                var floats = new double[count];
                ChunkCodec.Decode(data, times, floats);
                for (var i = 0; i < count; i++)
                    if (times[i] >= from && times[i] < to) appender.CreateRow().AppendValue(sid).AppendValue(times[i]).AppendValue(floats[i]).AppendNullValue().EndRow();
            }
        }
        return table;
    }

    static T InReadTransaction<T>(DuckDBConnection connection, Func<T> action)
    {
        Execute(connection, "BEGIN TRANSACTION");
        try
        {
            var result = action();
            Execute(connection, "COMMIT");
            return result;
        }
        catch
        {
            TryRollback(connection);
            throw;
        }
    }

    static void TryExecute(DuckDBConnection connection, string sql)
    {
        try
        {
            Execute(connection, sql);
        }
        catch (DuckDBException)
        {
            // Best effort clean-up on a connection whose transaction already failed.
        }
    }

    static string FormatOptions(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "(FORMAT CSV, HEADER)",
        ExportFormat.Parquet => "(FORMAT PARQUET, COMPRESSION ZSTD)",
        _ => throw new ValidationFailedException($"Unknown export format {format}."),
    };

    async Task<T> RunOnReaderAsync<T>(Func<DuckDBConnection, T> action, string what, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var connection = await RentReaderAsync(cancellationToken);
        try
        {
            return action(connection);
        }
        catch (DuckDBException ex)
        {
            throw new LightningException(ErrorKind.Unavailable, $"metrics.{what}_failed", $"The metric store's {what} failed: {ex.Message.Split('\n')[0]}", ex);
        }
        finally
        {
            ReturnReader(connection);
        }
    }

    static string ScalarString(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture)!;
    }
}
