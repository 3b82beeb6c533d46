namespace Lightning.Testing.Coverage;

/// <summary>
/// Covered and total lines, branches and functions. A percentage is null when there is nothing to measure (a file
/// without branches), which goals and reports treat as "not measured" rather than as 0 % or 100 %.
/// </summary>
public sealed record CoverageTotals(
    int LinesCovered, int LinesTotal, int BranchesCovered, int BranchesTotal, int FunctionsCovered, int FunctionsTotal)
{
    public static readonly CoverageTotals Empty = new(0, 0, 0, 0, 0, 0);

    public double? LinePercent => Percent(LinesCovered, LinesTotal);

    public double? BranchPercent => Percent(BranchesCovered, BranchesTotal);

    public double? FunctionPercent => Percent(FunctionsCovered, FunctionsTotal);

    public static CoverageTotals Of(IEnumerable<LineCoverage> lines, IEnumerable<FunctionCoverage> functions)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(functions);
        int linesCovered = 0, linesTotal = 0, branchesCovered = 0, branchesTotal = 0, functionsCovered = 0, functionsTotal = 0;
        foreach (var line in lines)
        {
            linesTotal++;
            linesCovered += line.Covered ? 1 : 0;
            branchesTotal += line.BranchesTotal;
            branchesCovered += line.BranchesCovered;
        }

        foreach (var function in functions)
        {
            functionsTotal++;
            functionsCovered += function.Covered ? 1 : 0;
        }

        return new CoverageTotals(linesCovered, linesTotal, branchesCovered, branchesTotal, functionsCovered, functionsTotal);
    }

    public static CoverageTotals Sum(IEnumerable<CoverageTotals> totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return totals.Aggregate(Empty, (sum, next) => sum.Add(next));
    }

    public CoverageTotals Add(CoverageTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new CoverageTotals(
            LinesCovered + other.LinesCovered, LinesTotal + other.LinesTotal, BranchesCovered + other.BranchesCovered,
            BranchesTotal + other.BranchesTotal, FunctionsCovered + other.FunctionsCovered, FunctionsTotal + other.FunctionsTotal);
    }

    /// <summary>The covered and total counts of one metric.</summary>
    public (int Covered, int Total) Of(CoverageMetric metric) => metric switch
    {
        CoverageMetric.Lines => (LinesCovered, LinesTotal),
        CoverageMetric.Branches => (BranchesCovered, BranchesTotal),
        CoverageMetric.Functions => (FunctionsCovered, FunctionsTotal),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };

    public double? PercentOf(CoverageMetric metric)
    {
        var (covered, total) = Of(metric);
        return Percent(covered, total);
    }

    static double? Percent(int covered, int total) => total == 0 ? null : covered * 100.0 / total;
}
