using System.ComponentModel.DataAnnotations;

namespace Lightning.Server.Monitoring;

/// <summary>Export, import, backups and migrations of the metric store (<c>Lightning:Monitoring:Operations</c>).</summary>
public sealed class MonitoringOperationsOptions
{
    public const string SectionName = "Lightning:Monitoring:Operations";

    /// <summary>The widest time range one export may cover; a wider request is refused before anything is read.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan MaxExportRange { get; set; } = TimeSpan.FromDays(400);

    /// <summary>Rows per batch read from the store while exporting (and per write while migrating).</summary>
    [Range(100, 1_000_000)]
    public int BatchSize { get; set; } = 10_000;

    /// <summary>Finished migration jobs kept in memory for <c>GET /migrations/{id}</c>.</summary>
    [Range(1, 1000)]
    public int MigrationsKept { get; set; } = 50;
}
