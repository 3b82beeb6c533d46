namespace Lightning.Agents.Tools.RepositoryAnalysis;

/// <summary>
/// What <see cref="RepositoryAnalysisTool"/> found in a directory: the tool's JSON output. Paths are relative to the
/// analysed directory, with forward slashes.
/// </summary>
public sealed record RepositoryReport(
    string Path,
    IReadOnlyList<LanguageSummary> Languages,
    string? PrimaryLanguage,
    IReadOnlyList<ManifestFile> Manifests,
    IReadOnlyList<TestFrameworkFinding> TestFrameworks,
    ContainerSummary Container,
    IReadOnlyList<CiFile> Ci,
    GitSummary Git,
    RepositoryTotals Totals,
    bool Truncated);
