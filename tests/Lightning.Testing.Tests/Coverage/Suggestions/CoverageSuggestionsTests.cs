using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Suggestions;

namespace Lightning.Testing.Tests.Coverage.Suggestions;

public sealed class CoverageSuggestionsTests
{
    [Fact]
    public void Rank_FunctionsByTheLinesAndBranchesTheyWouldAdd()
    {
        var report = CoverageReport.Build(
        [
            FileCoverage.Build("a.py",
                [Line(2, 1), Line(3, 1), Line(6, 1), Line(7, 0) with { BranchesCovered = 1, BranchesTotal = 4 }, Line(8, 0), Line(11, 0), Line(12, 0), Line(13, 0)],
                [new FunctionCoverage("covered", 1, 1) { EndLine = 3 }, new FunctionCoverage("partly", 5, 1), new FunctionCoverage("never", 10, 0)],
                CoverageCombine.Max),
            FileCoverage.Build("b.py", [Line(2, 0), Line(3, 0), Line(4, 0)], [new FunctionCoverage("other", 1, 0) { EndLine = 4 }], CoverageCombine.Max),
        ], CoverageCombine.Max, []);

        var ranked = CoverageSuggestions.Rank(report);

        ranked.Select(suggestion => (suggestion.Path, suggestion.Function, suggestion.MissedLines, suggestion.MissedBranches, suggestion.NeverCalled))
            .ShouldBe([("a.py", "never", 3, 0, true), ("b.py", "other", 3, 0, true), ("a.py", "partly", 2, 3, false)]);
        // "partly" runs to the line before the next function; "never" to the file's last line.
        (ranked[2].Line, ranked[2].EndLine).ShouldBe((5, 9));
        ranked[2].MissedLineNumbers.ShouldBe([7, 8]);
        (ranked[0].Line, ranked[0].EndLine).ShouldBe((10, 13));
        ranked[0].LineGain.ShouldBe(3 * 100.0 / 11);
        ranked[2].BranchGain.ShouldBe(3 * 100.0 / 4);
        CoverageSuggestions.Rank(report, 1).ShouldHaveSingleItem().Function.ShouldBe("never");
    }

    [Fact]
    public void Rank_InnerFunctions_CountForThemselvesOnly()
    {
        var report = CoverageReport.Build(
        [
            FileCoverage.Build("a.js",
                [Line(2, 1), Line(4, 0), Line(5, 0), Line(7, 0)],
                [new FunctionCoverage("outer", 1, 1) { EndLine = 8 }, new FunctionCoverage("callback", 3, 0) { EndLine = 6 }],
                CoverageCombine.Max),
        ], CoverageCombine.Max, []);

        CoverageSuggestions.Rank(report).Select(suggestion => (suggestion.Function, suggestion.MissedLines))
            .ShouldBe([("callback", 2), ("outer", 1)]);
    }

    [Fact]
    public void Rank_FullyCoveredOrFunctionless_SuggestsNothing()
    {
        var report = CoverageReport.Build(
        [
            FileCoverage.Build("a.py", [Line(1, 1)], [new FunctionCoverage("f", 1, 1)], CoverageCombine.Max),
            FileCoverage.Build("b.py", [Line(1, 0)], [], CoverageCombine.Max),
        ], CoverageCombine.Max, []);

        CoverageSuggestions.Rank(report).ShouldBeEmpty();
    }

    static LineCoverage Line(int number, long hits) => new(number, hits);
}
