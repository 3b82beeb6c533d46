using DuckDB.NET.Data;
using Lightning.Core.Errors;

namespace Lightning.Monitoring.Storage.Embedded;

/// <summary>Small members the operations API (retention, backups) needs; they keep the schema's knowledge inside the store.</summary>
public sealed partial class EmbeddedMetricStore
{
    IReadOnlyDictionary<string, TimeSpan?> _retentionOverrides = new Dictionary<string, TimeSpan?>(StringComparer.Ordinal);

    /// <summary>The configured default retention of raw points (null: for ever).</summary>
    public TimeSpan? DefaultRetention => _options.Retention is { Ticks: > 0 } retention ? retention : null;

    /// <summary>The per-measurement retention from configuration (<see cref="TimeSpan.Zero"/>: for ever).</summary>
    public IReadOnlyDictionary<string, TimeSpan> ConfiguredRetention => _options.RetentionByMeasurement;

    /// <summary>
    /// Retention set at run time (by the API), per measurement, over the configured one; a null value keeps that
    /// measurement for ever. Replaces the previous set; the retention job reads it at its next run.
    /// </summary>
    public void SetRetentionOverrides(IReadOnlyDictionary<string, TimeSpan?> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        Volatile.Write(ref _retentionOverrides, new Dictionary<string, TimeSpan?>(overrides, StringComparer.Ordinal));
    }

    /// <summary>How long a measurement's raw points are kept (null: for ever): a run-time override, else configuration.</summary>
    public TimeSpan? RetentionFor(string measurement) =>
        Volatile.Read(ref _retentionOverrides).TryGetValue(measurement, out var set) ? set : _options.RetentionFor(measurement);

    /// <summary>The points (numeric and string) in a backup file, read without opening it as a store.</summary>
    public static long CountPoints(string backupPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(backupPath);
        try
        {
            using var connection = new DuckDBConnection($"Data Source={System.IO.Path.GetFullPath(backupPath)};ACCESS_MODE=READ_ONLY");
            connection.Open();
            return ScalarLong(connection, "SELECT (SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM chunks) + (SELECT count(*) FROM recent) + (SELECT count(*) FROM strings)");
        }
        catch (DuckDBException ex)
        {
            throw new ValidationFailedException($"{backupPath} is not a metric store backup: {ex.Message.Split('\n')[0]}", ex);
        }
    }
}
