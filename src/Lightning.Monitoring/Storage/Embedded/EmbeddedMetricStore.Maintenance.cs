using System.Diagnostics;
using System.Runtime.InteropServices;
using DuckDB.NET.Data;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Storage.Embedded;

public sealed partial class EmbeddedMetricStore
{
    /// <summary>
    /// Moves every point of closed chunks (older than now minus <see cref="EmbeddedStoreOptions.CompactionLag"/>, chunk
    /// aligned) from the append table into the compacted chunks, replacing stored points with the same series and time;
    /// recomputes the rollups of every window it touches; checkpoints. <paramref name="upTo"/> overrides the cut-off
    /// (tests, benchmarks, and a shutdown that wants everything compacted). Returns the points moved.
    /// </summary>
    public Task<long> CompactAsync(DateTimeOffset? upTo = null, CancellationToken cancellationToken = default)
    {
        var chunk = _options.CompactionChunk.Ticks * 100;
        var cut = upTo is { } forced
            ? Timestamps.ToNanoseconds(forced)
            : FloorTo(Timestamps.ToNanoseconds(_time.GetUtcNow() - _options.CompactionLag), chunk);
        return OnWriterAsync(() => Compact(cut), cancellationToken);
    }

    long Compact(long cut)
    {
        var started = Stopwatch.GetTimestamp();
        var moved = 0L;
        // One window per transaction: the oldest window with uncompacted points first, so that memory stays bounded by a window.
        while (Volatile.Read(ref _recentMinTime) < cut)
        {
            var window = FloorTo(Volatile.Read(ref _recentMinTime), ChunkWindowNs);
            moved += CompactWindow(window, Math.Min(cut, window + ChunkWindowNs));
            Volatile.Write(ref _recentMinTime, ScalarLong(_writer, "SELECT coalesce(min(t), 9223372036854775807) FROM recent"));
        }
        if (moved > 0)
        {
            RefreshRecentState();
            Execute(_writer, "CHECKPOINT");
            Log.Compacted(_logger, moved, Timestamps.FromNanoseconds(cut), (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return moved;
    }

    /// <summary>One series' points of one window while it is compacted; integers stay integers.</summary>
    sealed class WindowPoints(bool integer)
    {
        public bool Integer { get; } = integer;
        public List<long> Times { get; set; } = [];
        public List<double> Floats { get; set; } = [];
        public List<long> Integers { get; set; } = [];

        public int Count => Times.Count;

        public double ValueAt(int index) => Integer ? Integers[index] : Floats[index];
    }

    /// <summary>
    /// Moves the append table's points before <paramref name="end"/> (all in <paramref name="window"/>) into that window's
    /// chunks: each touched chunk is decoded, merged (the newest write per time wins), encoded again; the window's rollups
    /// of the touched series are recomputed from the merged points. One transaction.
    /// </summary>
    long CompactWindow(long window, long end)
    {
        Execute(_writer, "BEGIN TRANSACTION");
        try
        {
            var moving = new Dictionary<int, WindowPoints>();
            var moved = 0L;
            using (var command = _writer.CreateCommand())
            {
                command.CommandText = $"SELECT sid, t, f, i FROM recent WHERE t < {end} ORDER BY sid, t, rowid";
                using var reader = command.ExecuteReader();
                WindowPoints? current = null;
                var currentSid = -1;
                while (reader.Read())
                {
                    var sid = reader.GetInt32(0);
                    if (sid != currentSid || current is null)
                    {
                        currentSid = sid;
                        var integer = _catalog.TryGetById(sid, out var entry) ? entry.IsInteger : !reader.IsDBNull(3);
                        if (!moving.TryGetValue(sid, out current)) moving[sid] = current = new WindowPoints(integer);
                    }
                    var time = reader.GetInt64(1);
                    var replaces = current.Count > 0 && current.Times[^1] == time;
                    if (!replaces)
                    {
                        current.Times.Add(time);
                        moved++;
                    }
                    if (current.Integer)
                    {
                        var value = reader.IsDBNull(3) ? 0 : reader.GetInt64(3);
                        if (replaces) current.Integers[^1] = value;
                        else current.Integers.Add(value);
                    }
                    else
                    {
                        var value = reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2);
                        if (replaces) current.Floats[^1] = value;
                        else current.Floats.Add(value);
                    }
                }
            }
            if (moving.Count == 0)
            {
                Execute(_writer, "COMMIT");
                return 0;
            }

            Execute(_writer, "CREATE OR REPLACE TEMP TABLE touched (sid INTEGER)");
            using (var appender = _writer.CreateAppender("touched"))
            {
                foreach (var sid in moving.Keys) appender.CreateRow().AppendValue(sid).EndRow();
            }
            var stored = new Dictionary<int, byte[]>();
            using (var command = _writer.CreateCommand())
            {
                command.CommandText = $"SELECT sid, data FROM chunks WHERE w = {window} AND sid IN (SELECT sid FROM touched)";
                using var reader = command.ExecuteReader();
                while (reader.Read()) stored[reader.GetInt32(0)] = ReadBlob(reader, 1);
            }
            const string inTouched = "sid IN (SELECT sid FROM touched)";
            Execute(_writer, $"DELETE FROM chunks WHERE w = {window} AND {inTouched}");
            Execute(_writer, $"DELETE FROM rollup_1m WHERE k >= {window / NsPerMinute} AND k < {(window + ChunkWindowNs) / NsPerMinute} AND {inTouched}");
            Execute(_writer, $"DELETE FROM rollup_1h WHERE k >= {window / NsPerHour} AND k < {(window + ChunkWindowNs) / NsPerHour} AND {inTouched}");

            var minutes = new List<RollupRow>();
            var hours = new List<RollupRow>();
            using (var chunks = _writer.CreateAppender("chunks"))
            {
                foreach (var (sid, points) in moving.OrderBy(p => p.Key))
                {
                    var merged = stored.TryGetValue(sid, out var data) ? Merge(data, points) : points;
                    var encoded = merged.Integer
                        ? ChunkCodec.EncodeIntegers(CollectionsMarshal.AsSpan(merged.Times), CollectionsMarshal.AsSpan(merged.Integers))
                        : ChunkCodec.EncodeFloats(CollectionsMarshal.AsSpan(merged.Times), CollectionsMarshal.AsSpan(merged.Floats));
                    chunks.CreateRow().AppendValue(sid).AppendValue(window).AppendValue(merged.Count).AppendValue(encoded).EndRow();
                    CollectRollups(minutes, sid, merged, NsPerMinute);
                    CollectRollups(hours, sid, merged, NsPerHour);
                }
            }
            AppendRollups("rollup_1m", minutes, NsPerMinute);
            AppendRollups("rollup_1h", hours, NsPerHour);
            Execute(_writer, $"DELETE FROM recent WHERE t < {end}");
            Execute(_writer, $"INSERT OR REPLACE INTO state VALUES ('watermark', greatest({end}, coalesce((SELECT value FROM state WHERE key = 'watermark'), {end})))");
            Execute(_writer, "DROP TABLE touched");
            _recentRows.EnterMove();
            try
            {
                Execute(_writer, "COMMIT");
                _recentRows.RemoveBefore(end);
                foreach (var sid in moving.Keys) _chunkCache.Invalidate(sid, window);
            }
            finally
            {
                _recentRows.ExitMove();
            }
            _watermark = Math.Max(_watermark, end);
            return moved;
        }
        catch
        {
            TryRollback(_writer);
            throw;
        }
    }

    /// <summary>A stored chunk with new points merged in: on equal times the new point wins.</summary>
    static WindowPoints Merge(byte[] chunk, WindowPoints added)
    {
        var count = ChunkCodec.Count(chunk);
        var times = new long[count];
        var merged = new WindowPoints(added.Integer);
        if (added.Integer && ChunkCodec.IsInteger(chunk))
        {
            var values = new long[count];
            ChunkCodec.DecodeIntegers(chunk, times, values);
            MergeSorted([.. times], [.. values], added.Times, added.Integers, merged.Times, merged.Integers);
        }
        else
        {
            var values = new double[count];
            ChunkCodec.Decode(chunk, times, values);
            if (added.Integer) throw new InvalidDataException($"A compacted chunk of an integer series holds floats.");
            MergeSorted([.. times], [.. values], added.Times, added.Floats, merged.Times, merged.Floats);
        }
        return merged;
    }

    /// <summary>One rollup bucket: count, sum, min, max, first (time, value), last (time, value).</summary>
    [StructLayout(LayoutKind.Auto)]
    readonly record struct RollupRow(int Sid, long Bucket, long Count, double Sum, double Min, double Max, long FirstTime, double First, long LastTime, double Last);

    /// <summary>Adds one rollup row per non-empty bucket of <paramref name="width"/>.</summary>
    static void CollectRollups(List<RollupRow> rows, int sid, WindowPoints points, long width)
    {
        var i = 0;
        while (i < points.Count)
        {
            var bucket = FloorTo(points.Times[i], width);
            var first = i;
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (; i < points.Count && points.Times[i] < bucket + width; i++)
            {
                var v = points.ValueAt(i);
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            rows.Add(new RollupRow(sid, bucket, i - first, sum, min, max, points.Times[first], points.ValueAt(first), points.Times[i - 1], points.ValueAt(i - 1)));
        }
    }

    /// <summary>
    /// Appends rollup rows (in series, then time order): the bucket as its number, first and last times as offsets from
    /// its start, which DuckDB packs in a few bits (see <see cref="Schema"/>).
    /// </summary>
    void AppendRollups(string table, List<RollupRow> rows, long width)
    {
        using var appender = _writer.CreateAppender(table);
        foreach (var r in rows)
            appender.CreateRow().AppendValue(r.Sid).AppendValue(checked((int)(r.Bucket / width))).AppendValue(r.Count).AppendValue(r.Sum).AppendValue(r.Min).AppendValue(r.Max)
                .AppendValue(r.FirstTime - r.Bucket).AppendValue(r.First).AppendValue(r.LastTime - r.Bucket).AppendValue(r.Last).EndRow();
    }

    /// <summary>Deletes points older than each measurement's retention, and rollups older than the rollup retention. Returns the raw points deleted.</summary>
    public Task<long> ApplyRetentionAsync(CancellationToken cancellationToken = default)
    {
        var now = Timestamps.ToNanoseconds(_time.GetUtcNow());
        return OnWriterAsync(() => ApplyRetention(now), cancellationToken);
    }

    long ApplyRetention(long now)
    {
        var deleted = 0L;
        foreach (var measurement in _catalog.Measurements())
        {
            var retention = RetentionFor(measurement);
            var rollupRetention = _options.RollupRetention is { Ticks: > 0 } r ? r : (TimeSpan?)null;
            var sids = $"(SELECT id FROM series WHERE measurement = {Literal(measurement)})";
            Execute(_writer, "BEGIN TRANSACTION");
            try
            {
                if (retention is { } raw)
                {
                    var cutoff = now - raw.Ticks * 100;
                    foreach (var table in (string[])["recent", "strings"])
                    {
                        using var command = _writer.CreateCommand();
                        command.CommandText = $"DELETE FROM {table} WHERE t < {cutoff} AND sid IN {sids}";
                        deleted += command.ExecuteNonQuery();
                    }
                    deleted += ExpireChunks(cutoff, sids);
                }
                // Rollups outlive raw points (they answer long-range queries), never the other way round.
                if (rollupRetention is { } kept && retention is { } rawKept)
                {
                    var cutoff = now - Math.Max(kept.Ticks, rawKept.Ticks) * 100;
                    Execute(_writer, $"DELETE FROM rollup_1m WHERE CAST(k AS BIGINT) * {NsPerMinute} < {cutoff} AND sid IN {sids}; DELETE FROM rollup_1h WHERE CAST(k AS BIGINT) * {NsPerHour} < {cutoff} AND sid IN {sids}");
                }
                _recentRows.EnterMove();
                try
                {
                    Execute(_writer, "COMMIT");
                    if (retention is { } rawRetention)
                    {
                        bool InMeasurement(int sid) => _catalog.TryGetById(sid, out var entry) && entry.Series.Measurement == measurement;
                        _recentRows.RemoveBefore(now - rawRetention.Ticks * 100, InMeasurement);
                        _chunkCache.InvalidateSeries(InMeasurement);
                    }
                }
                finally
                {
                    _recentRows.ExitMove();
                }
            }
            catch
            {
                TryRollback(_writer);
                throw;
            }
        }
        if (deleted > 0)
        {
            RefreshRecentState();
            Execute(_writer, "CHECKPOINT");
            Log.RetentionApplied(_logger, deleted);
        }
        return deleted;
    }

    /// <summary>Deletes the chunks wholly before <paramref name="cutoff"/> and trims the one that straddles it. Returns the points deleted.</summary>
    long ExpireChunks(long cutoff, string sids)
    {
        var deleted = ScalarLong(_writer, $"SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM chunks WHERE w + {ChunkWindowNs} <= {cutoff} AND sid IN {sids}");
        Execute(_writer, $"DELETE FROM chunks WHERE w + {ChunkWindowNs} <= {cutoff} AND sid IN {sids}");
        var straddling = new List<(int Sid, long Window, byte[] Data)>();
        using (var command = _writer.CreateCommand())
        {
            command.CommandText = $"SELECT sid, w, data FROM chunks WHERE w < {cutoff} AND w + {ChunkWindowNs} > {cutoff} AND sid IN {sids}";
            using var reader = command.ExecuteReader();
            while (reader.Read()) straddling.Add((reader.GetInt32(0), reader.GetInt64(1), ReadBlob(reader, 2)));
        }
        foreach (var (sid, window, data) in straddling)
        {
            var count = ChunkCodec.Count(data);
            var times = new long[count];
            byte[] kept;
            int keep;
            if (ChunkCodec.IsInteger(data))
            {
                var values = new long[count];
                ChunkCodec.DecodeIntegers(data, times, values);
                keep = times.Count(t => t >= cutoff);
                kept = ChunkCodec.EncodeIntegers(times.Where(t => t >= cutoff).ToArray(), values.Where((_, i) => times[i] >= cutoff).ToArray());
            }
            else
            {
                var values = new double[count];
                ChunkCodec.Decode(data, times, values);
                keep = times.Count(t => t >= cutoff);
                kept = ChunkCodec.EncodeFloats(times.Where(t => t >= cutoff).ToArray(), values.Where((_, i) => times[i] >= cutoff).ToArray());
            }
            if (keep == count) continue;
            deleted += count - keep;
            Execute(_writer, $"DELETE FROM chunks WHERE sid = {sid} AND w = {window}");
            if (keep == 0) continue;
            using var appender = _writer.CreateAppender("chunks");
            appender.CreateRow().AppendValue(sid).AppendValue(window).AppendValue(keep).AppendValue(kept).EndRow();
        }
        return deleted;
    }

    static void TryRollback(DuckDBConnection connection)
    {
        try
        {
            Execute(connection, "ROLLBACK");
        }
        catch (DuckDBException)
        {
            // No transaction left to roll back.
        }
    }

    async Task MaintenanceLoopAsync()
    {
        var compactEvery = _options.MaintenanceInterval;
        var retainEvery = _options.RetentionInterval;
        if (compactEvery <= TimeSpan.Zero && retainEvery <= TimeSpan.Zero) return;
        var tick = compactEvery <= TimeSpan.Zero ? retainEvery : retainEvery <= TimeSpan.Zero ? compactEvery : TimeSpan.FromTicks(Math.Min(compactEvery.Ticks, retainEvery.Ticks));
        var lastRetention = _time.GetUtcNow();
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(tick, _time, _stopping.Token);
                if (compactEvery > TimeSpan.Zero) await CompactAsync(cancellationToken: _stopping.Token);
                if (retainEvery > TimeSpan.Zero && _time.GetUtcNow() - lastRetention >= retainEvery)
                {
                    lastRetention = _time.GetUtcNow();
                    await ApplyRetentionAsync(_stopping.Token);
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.MaintenanceFailed(_logger, ex);
            }
        }
    }
}
