namespace Lightning.Testing.Coverage;

/// <summary>The rules that merge and the parsers share for combining two records of the same line, function or file.</summary>
internal static class CoverageCombining
{
    public static long Combine(long a, long b, CoverageCombine mode) => mode == CoverageCombine.Sum ? checked(a + b) : Math.Max(a, b);

    public static LineCoverage Combine(LineCoverage a, LineCoverage b, CoverageCombine mode)
    {
        var hits = Combine(a.Hits, b.Hits, mode);
        var contexts = a.Contexts.Count == 0 ? b.Contexts
            : b.Contexts.Count == 0 ? a.Contexts
            : [.. a.Contexts.Union(b.Contexts, StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (a.BranchHits is { } left && b.BranchHits is { } right && left.Count == right.Count)
        {
            var branches = new long[left.Count];
            for (var i = 0; i < branches.Length; i++)
            {
                branches[i] = Combine(left[i], right[i], mode);
            }

            return LineCoverage.WithBranches(a.Number, hits, branches) with { Contexts = contexts };
        }

        if (a.BranchesTotal == 0 || b.BranchesTotal == 0)
        {
            // One side does not know the line's branches: the other side's stand as they are.
            var known = a.BranchesTotal == 0 ? b : a;
            return known with { Hits = hits, Contexts = contexts };
        }

        // Counts without identities cannot be added (both runs may have taken the same branch): the best-covered side
        // is a lower bound of the truth.
        return new LineCoverage(a.Number, hits)
        {
            BranchesTotal = Math.Max(a.BranchesTotal, b.BranchesTotal),
            BranchesCovered = Math.Min(Math.Max(a.BranchesCovered, b.BranchesCovered), Math.Max(a.BranchesTotal, b.BranchesTotal)),
            Contexts = contexts,
        };
    }

    public static FunctionCoverage Combine(FunctionCoverage a, FunctionCoverage b, CoverageCombine mode) =>
        a with { Hits = Combine(a.Hits, b.Hits, mode), EndLine = a.EndLine ?? b.EndLine };

    public static FileCoverage Combine(FileCoverage a, FileCoverage b, CoverageCombine mode) =>
        FileCoverage.Build(a.Path, a.Lines.Concat(b.Lines), a.Functions.Concat(b.Functions), mode);
}
