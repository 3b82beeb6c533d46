namespace Lightning.Monitoring.Storage.Embedded;

/// <summary>
/// The store's tables. Points are keyed by a catalog id per (series, field). Compacted points live in <c>chunks</c>: one
/// row per series and hour window (<c>w</c>, its start), the points encoded by <see cref="ChunkCodec"/>; no index,
/// DuckDB's zone maps on <c>w</c> do the pruning (rows are appended window by window).
/// </summary>
internal static class Schema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS series (id INTEGER PRIMARY KEY, measurement VARCHAR NOT NULL, series VARCHAR NOT NULL, field VARCHAR NOT NULL, kind TINYINT NOT NULL);
        -- Appends land here unsorted; compaction moves closed chunks out.
        CREATE TABLE IF NOT EXISTS recent (sid INTEGER NOT NULL, t BIGINT NOT NULL, f DOUBLE, i BIGINT);
        -- Compacted points: one row per series and window, n points encoded in data.
        CREATE TABLE IF NOT EXISTS chunks (sid INTEGER NOT NULL, w BIGINT NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS strings (sid INTEGER NOT NULL, t BIGINT NOT NULL, s VARCHAR NOT NULL);
        -- Rollups: count, sum, min, max, first (time, value) and last (time, value) per bucket. The bucket is stored as its
        -- number k (start = k x width; minutes or hours since the epoch fit an INTEGER for every BIGINT time) and the first
        -- and last times as ns offsets from the start (fd, ld): rows go in per series and window, so DuckDB bit-packs k in
        -- a few bits per row and the offsets (constant for regular data) in none, where start times in ns took ~42 bits each.
        CREATE TABLE IF NOT EXISTS rollup_1m (sid INTEGER NOT NULL, k INTEGER NOT NULL, n BIGINT, s DOUBLE, lo DOUBLE, hi DOUBLE, fd BIGINT, fv DOUBLE, ld BIGINT, lv DOUBLE);
        CREATE TABLE IF NOT EXISTS rollup_1h (sid INTEGER NOT NULL, k INTEGER NOT NULL, n BIGINT, s DOUBLE, lo DOUBLE, hi DOUBLE, fd BIGINT, fv DOUBLE, ld BIGINT, lv DOUBLE);
        CREATE TABLE IF NOT EXISTS state (key VARCHAR PRIMARY KEY, value BIGINT NOT NULL);
        """;

    public const string Value = "coalesce(f, CAST(i AS DOUBLE))";
}
