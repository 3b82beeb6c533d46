namespace Lightning.Testing.Coverage;

/// <summary>
/// A report whose paths are repository-relative, and what could not be placed: <see cref="NotFound"/> paths are kept
/// in the report (relative, as best known) though no such file is in the repository (a deleted or generated file);
/// <see cref="Outside"/> paths lead outside the repository (the standard library, site-packages, another checkout)
/// and are left out of the report.
/// </summary>
public sealed record CoverageMappingResult(CoverageReport Report, IReadOnlyList<string> NotFound, IReadOnlyList<string> Outside);
