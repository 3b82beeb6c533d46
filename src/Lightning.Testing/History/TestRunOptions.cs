using System.ComponentModel.DataAnnotations;

namespace Lightning.Testing.History;

/// <summary>The <c>Lightning:Testing:Runs</c> section: how many runs at once, how big an uploaded report may be, where paths may point.</summary>
public sealed class TestRunOptions
{
    public const string SectionName = "Lightning:Testing:Runs";

    /// <summary>Runs beyond this many wait in the queue (each run's projects already run one after the other).</summary>
    [Range(1, 64)]
    public int MaxConcurrentRuns { get; set; } = 2;

    /// <summary>The largest report <c>POST /runs/import</c> accepts.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxReportBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>
    /// The directory admins may name paths in (<c>"repository": "checkouts/shop"</c>); null means the data directory's
    /// <c>workspaces</c>, where agents and collaborations keep their files.
    /// </summary>
    public string? WorkspaceRoot { get; set; }

    /// <summary>
    /// Events kept per run, live and stored. Beyond it output events are dropped (the report still has the output);
    /// case and project events are always kept.
    /// </summary>
    [Range(1000, 10_000_000)]
    public int MaxEventsPerRun { get; set; } = 200_000;

    /// <summary>Output text longer than this in one live event is cut (the stored results keep it whole).</summary>
    [Range(256, 16 * 1024 * 1024)]
    public int MaxEventOutputChars { get; set; } = 16 * 1024;
}
