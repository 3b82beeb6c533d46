namespace Lightning.Testing.Coverage;

/// <summary>
/// Merges reports of several runs, of one format or several: a file is the union of its lines, hits add up, branches
/// given one by one add up branch by branch, and branches given only as counts keep the best-covered run's counts (a
/// lower bound: two runs may have taken the same branch). Contexts are united. Map paths first
/// (<see cref="CoveragePathMapper"/>) so that the same file has the same name in every report.
/// </summary>
public static class CoverageMerger
{
    public static CoverageReport Merge(IEnumerable<CoverageReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var list = reports.ToList();
        return CoverageReport.Build(
            list.SelectMany(report => report.Files),
            CoverageCombine.Sum,
            [.. list.SelectMany(report => report.Origins)],
            [.. list.SelectMany(report => report.SourceRoots).Distinct(StringComparer.Ordinal)]);
    }
}
