using System.Runtime.InteropServices;

namespace Lightning.Monitoring.Storage.Embedded;

public sealed partial class EmbeddedMetricStore
{
    /// <summary>
    /// Stores written before chunks kept compacted points in a <c>points</c> table (sid, t, f, i). At open, its points are
    /// encoded into chunks, window by window, and the table is dropped, in one transaction: a failure leaves the old
    /// layout as it was, to be converted at the next open. Rollups were computed from the same points and stay.
    /// </summary>
    long MigrateLegacyPoints()
    {
        if (ScalarLong(_writer, "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'points'") == 0)
            return 0;
        var converted = 0L;
        Execute(_writer, "BEGIN TRANSACTION");
        try
        {
            var windows = new List<long>();
            using (var command = _writer.CreateCommand())
            {
                command.CommandText = $"SELECT DISTINCT t - ((t % {ChunkWindowNs}) + {ChunkWindowNs}) % {ChunkWindowNs} AS w FROM points ORDER BY w";
                using var reader = command.ExecuteReader();
                while (reader.Read()) windows.Add(reader.GetInt64(0));
            }
            foreach (var window in windows)
            {
                var series = new SortedDictionary<int, WindowPoints>();
                using (var command = _writer.CreateCommand())
                {
                    command.CommandText = $"SELECT sid, t, f, i FROM points WHERE t >= {window} AND t < {window + ChunkWindowNs} ORDER BY sid, t";
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        var sid = reader.GetInt32(0);
                        if (!series.TryGetValue(sid, out var points))
                        {
                            var integer = _catalog.TryGetById(sid, out var entry) ? entry.IsInteger : !reader.IsDBNull(3);
                            series[sid] = points = new WindowPoints(integer);
                        }
                        var time = reader.GetInt64(1);
                        if (points.Count > 0 && points.Times[^1] == time) continue; // the old layout held one point per time; keep the first if not
                        points.Times.Add(time);
                        if (points.Integer) points.Integers.Add(reader.IsDBNull(3) ? 0 : reader.GetInt64(3));
                        else points.Floats.Add(reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2));
                    }
                }
                using var appender = _writer.CreateAppender("chunks");
                foreach (var (sid, points) in series)
                {
                    var encoded = points.Integer
                        ? ChunkCodec.EncodeIntegers(CollectionsMarshal.AsSpan(points.Times), CollectionsMarshal.AsSpan(points.Integers))
                        : ChunkCodec.EncodeFloats(CollectionsMarshal.AsSpan(points.Times), CollectionsMarshal.AsSpan(points.Floats));
                    appender.CreateRow().AppendValue(sid).AppendValue(window).AppendValue(points.Count).AppendValue(encoded).EndRow();
                    converted += points.Count;
                }
            }
            Execute(_writer, "DROP TABLE points");
            Execute(_writer, "DELETE FROM state WHERE key = 'sorted'");
            Execute(_writer, "COMMIT");
        }
        catch
        {
            TryRollback(_writer);
            throw;
        }
        Execute(_writer, "CHECKPOINT");
        Log.LegacyPointsConverted(_logger, converted);
        return converted;
    }

    /// <summary>
    /// Stores written before compact rollups kept absolute first and last times (<c>ft</c>, <c>lt</c>) in the rollup
    /// tables, and the bucket start <c>b</c> in ns. At open, each table is rebuilt with bucket numbers (<c>k</c>) and
    /// offsets from the bucket start (<c>fd</c>, <c>ld</c>), in one transaction: a failure leaves the old tables, converted
    /// at the next open.
    /// </summary>
    void MigrateLegacyRollups()
    {
        if (ScalarLong(_writer, "SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'rollup_1m' AND column_name = 'ft'") == 0)
            return;
        Execute(_writer, "BEGIN TRANSACTION");
        try
        {
            foreach (var (table, width) in (ReadOnlySpan<(string, long)>)[("rollup_1m", NsPerMinute), ("rollup_1h", NsPerHour)])
            {
                Execute(_writer, $"ALTER TABLE {table} RENAME TO {table}_legacy");
                Execute(_writer, Schema.Create);
                Execute(_writer, $"INSERT INTO {table} SELECT sid, CAST(b // {width} AS INTEGER), n, s, lo, hi, ft - b, fv, lt - b, lv FROM {table}_legacy ORDER BY sid, b");
                Execute(_writer, $"DROP TABLE {table}_legacy");
            }
            Execute(_writer, "COMMIT");
        }
        catch
        {
            TryRollback(_writer);
            throw;
        }
        Execute(_writer, "CHECKPOINT");
    }
}
