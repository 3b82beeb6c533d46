using System.ComponentModel.DataAnnotations;

namespace Lightning.Monitoring.Storage.Embedded;

/// <summary>
/// The embedded metric store (a DuckDB file). Bound from <c>Lightning:Monitoring:Storage:Embedded</c>; validated at start.
/// </summary>
public sealed class EmbeddedStoreOptions : IValidatableObject
{
    public const string SectionName = "Lightning:Monitoring:Storage:Embedded";

    /// <summary>The DuckDB file; empty means <c>&lt;data dir&gt;/metrics.duckdb</c>.</summary>
    public string? Path { get; set; }

    /// <summary>How long raw points are kept (null: for ever). Expired points are deleted by the retention job.</summary>
    public TimeSpan? Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Per-measurement retention that overrides <see cref="Retention"/>; <see cref="TimeSpan.Zero"/> keeps for ever.</summary>
    public Dictionary<string, TimeSpan> RetentionByMeasurement { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long the 1-minute and 1-hour rollups are kept (null: for ever); usually longer than raw points.</summary>
    public TimeSpan? RollupRetention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>Most distinct series (measurement + tags) per measurement; a batch that would exceed it is rejected whole.</summary>
    [Range(1, int.MaxValue)]
    public int MaxSeriesPerMeasurement { get; set; } = 100_000;

    /// <summary>Per-measurement series limits that override <see cref="MaxSeriesPerMeasurement"/>.</summary>
    public Dictionary<string, int> MaxSeriesByMeasurement { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Most raw points one query may return (all result series together).</summary>
    [Range(1, int.MaxValue)]
    public int MaxRawPoints { get; set; } = 2_000_000;

    /// <summary>Most time buckets one aggregate query may produce (buckets per series times result series).</summary>
    [Range(1, int.MaxValue)]
    public int MaxBuckets { get; set; } = 2_000_000;

    /// <summary>
    /// Points are appended to a write table and moved into the compacted chunks (one per series and hour) once their
    /// time chunk has closed. Chunks are this wide (aligned to the epoch).
    /// </summary>
    public TimeSpan CompactionChunk { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A chunk is closed this long after its end, so that points arriving a little late still land before it moves.</summary>
    public TimeSpan CompactionLag { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the background job compacts closed chunks and refreshes rollups; zero disables the job.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the retention job runs; zero disables it.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most write batches committed together by the background writer (group commit).</summary>
    [Range(1, 100_000)]
    public int MaxBatchesPerCommit { get; set; } = 256;

    /// <summary>Connections kept open for queries.</summary>
    [Range(1, 64)]
    public int QueryConnections { get; set; } = 4;

    /// <summary>
    /// Bytes of decoded compacted chunks kept in memory for raw reads of a few hours (16 bytes a point: about 17 MB holds
    /// an hour of 300 series at 1 s); 0 disables the cache. Repeated reads of cached hours run no DuckDB statement.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long ChunkCacheBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>DuckDB's memory limit, e.g. "512MB"; null leaves DuckDB's default.</summary>
    public string? MemoryLimit { get; set; } = "1GB";

    /// <summary>
    /// DuckDB's <c>checkpoint_threshold</c>: the WAL size at which a commit also checkpoints, e.g. "256MB"; null leaves
    /// DuckDB's default (16 MB). With the default, every few group commits of a busy ingest wrote the tables out inside
    /// the commit (the writer waited on it, and the partly filled last row group was written again each time); a larger
    /// WAL between checkpoints costs a longer replay after a crash (about a second per 100 MB) and memory for the
    /// not yet checkpointed rows (inside <see cref="MemoryLimit"/>). Compaction still checkpoints after it moved chunks.
    /// </summary>
    public string? CheckpointThreshold { get; set; } = "256MB";

    /// <summary>DuckDB worker threads; null leaves DuckDB's default (one per core).</summary>
    [Range(1, 256)]
    public int? Threads { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Retention is { } retention && retention < TimeSpan.Zero)
            yield return new("Retention must not be negative.", [nameof(Retention)]);
        if (RollupRetention is { } rollup && rollup < TimeSpan.Zero)
            yield return new("RollupRetention must not be negative.", [nameof(RollupRetention)]);
        foreach (var (measurement, value) in RetentionByMeasurement)
            if (value < TimeSpan.Zero)
                yield return new($"RetentionByMeasurement[{measurement}] must not be negative.", [nameof(RetentionByMeasurement)]);
        foreach (var (measurement, value) in MaxSeriesByMeasurement)
            if (value < 1)
                yield return new($"MaxSeriesByMeasurement[{measurement}] must be at least 1.", [nameof(MaxSeriesByMeasurement)]);
        if (CompactionChunk < TimeSpan.FromMinutes(1) || CompactionChunk.Ticks % TimeSpan.TicksPerMinute != 0)
            yield return new("CompactionChunk must be a whole number of minutes.", [nameof(CompactionChunk)]);
        if (CompactionLag < TimeSpan.Zero)
            yield return new("CompactionLag must not be negative.", [nameof(CompactionLag)]);
        if (MaintenanceInterval < TimeSpan.Zero || RetentionInterval < TimeSpan.Zero)
            yield return new("MaintenanceInterval and RetentionInterval must not be negative.", [nameof(MaintenanceInterval)]);
    }

    internal TimeSpan? RetentionFor(string measurement) =>
        RetentionByMeasurement.TryGetValue(measurement, out var value) ? (value == TimeSpan.Zero ? null : value) : Retention is { Ticks: > 0 } r ? r : null;

    internal int SeriesLimitFor(string measurement) =>
        MaxSeriesByMeasurement.TryGetValue(measurement, out var value) ? value : MaxSeriesPerMeasurement;
}
