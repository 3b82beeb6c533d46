namespace Lightning.Testing.Coverage.Reports;

/// <summary>The platform's coverage JSON: the report with its schema first, so that a sniffer knows it from the opening bytes.</summary>
internal sealed record CoverageJsonDocument(
    string Schema,
    CoverageTotals? Totals,
    IReadOnlyList<CoverageOrigin>? Origins,
    IReadOnlyList<string>? SourceRoots,
    IReadOnlyList<FileCoverage>? Files);
