namespace Lightning.Testing.Persistence;

/// <summary>
/// A run's coverage (table <c>test_coverage</c>): totals, the goals and how they fared, why projects measured nothing,
/// and the full merged report as gzip-compressed Lightning coverage JSON for the per-line view and report downloads.
/// </summary>
public sealed class TestCoverageEntity
{
    public required string RunId { get; set; }

    /// <summary>As the run names it, so the trend reads one table.</summary>
    public required string Repository { get; set; }

    public string? CommitSha { get; set; }

    public string? Branch { get; set; }

    /// <summary>The directory the run's paths are relative to, where the per-file view reads sources; null for imports without one.</summary>
    public string? RootDirectory { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public int LinesCovered { get; set; }

    public int LinesTotal { get; set; }

    public int BranchesCovered { get; set; }

    public int BranchesTotal { get; set; }

    public int FunctionsCovered { get; set; }

    public int FunctionsTotal { get; set; }

    /// <summary>The <see cref="Coverage.Goals.CoverageEnforcement"/> as JSON; null when the run had no goals.</summary>
    public string? GoalsJson { get; set; }

    /// <summary>Why projects measured nothing ("pytest in '.': coverage.py is missing ..."), as a JSON array; null when none.</summary>
    public string? UnavailableJson { get; set; }

    /// <summary>The merged report, gzip-compressed Lightning coverage JSON; null when nothing was measured.</summary>
    public byte[]? Data { get; set; }

    public long Length { get; set; }
}
