using Lightning.Testing.Coverage;

namespace Lightning.Testing.Tests.Coverage;

public sealed class CoverageMergerTests
{
    [Fact]
    public void Merge_SameFile_UnitesLinesAndAddsHits()
    {
        var first = Report("coverage.xml", File("a.py", [new LineCoverage(1, 2), new LineCoverage(2, 0)], [new FunctionCoverage("f", 1, 1)]));
        var second = Report("lcov.info", File("a.py", [new LineCoverage(2, 5), new LineCoverage(9, 0)], [new FunctionCoverage("f", 1, 2) { EndLine = 9 }]), File("b.py", [new LineCoverage(1, 1)]));

        var merged = CoverageMerger.Merge([first, second]);

        merged.Files.Select(file => file.Path).ShouldBe(["a.py", "b.py"]);
        var a = merged.File("a.py")!;
        a.Lines.Select(line => (line.Number, line.Hits)).ShouldBe([(1, 2L), (2, 5L), (9, 0L)]);
        a.Functions.ShouldBe([new FunctionCoverage("f", 1, 3) { EndLine = 9 }]);
        merged.Origins.Select(origin => origin.Source).ShouldBe(["coverage.xml", "lcov.info"]);
        merged.Totals.ShouldBe(new CoverageTotals(3, 4, 0, 0, 1, 1));
    }

    [Fact]
    public void Merge_BranchesGivenOneByOne_AddBranchByBranch()
    {
        var merged = CoverageMerger.Merge(
        [
            Report("1", File("a.js", [LineCoverage.WithBranches(3, 1, [1, 0, 0])])),
            Report("2", File("a.js", [LineCoverage.WithBranches(3, 1, [0, 0, 4])])),
        ]);

        var line = merged.Files.Single().Line(3)!;
        line.BranchHits.ShouldBe([1L, 0L, 4L]);
        (line.BranchesCovered, line.BranchesTotal).ShouldBe((2, 3));
        line.Hits.ShouldBe(2);
    }

    [Fact]
    public void Merge_BranchCountsOnly_KeepTheBestRunAsALowerBound()
    {
        var merged = CoverageMerger.Merge(
        [
            Report("1", File("A.java", [new LineCoverage(3, 1) { BranchesCovered = 1, BranchesTotal = 4 }])),
            Report("2", File("A.java", [new LineCoverage(3, 1) { BranchesCovered = 3, BranchesTotal = 4 }])),
            Report("3", File("A.java", [new LineCoverage(3, 0)])),
        ]);

        var line = merged.Files.Single().Line(3)!;
        (line.BranchesCovered, line.BranchesTotal).ShouldBe((3, 4));
        line.BranchHits.ShouldBeNull();
    }

    [Fact]
    public void Merge_Contexts_AreUnited()
    {
        var merged = CoverageMerger.Merge(
        [
            Report("1", File("a.py", [new LineCoverage(1, 1) { Contexts = ["t2", "t1"] }])),
            Report("2", File("a.py", [new LineCoverage(1, 1) { Contexts = ["t3", "t1"] }])),
        ]);

        merged.Files.Single().Line(1)!.Contexts.ShouldBe(["t1", "t2", "t3"]);
    }

    [Fact]
    public void Merge_Nothing_IsAnEmptyReport()
    {
        var merged = CoverageMerger.Merge([]);

        merged.Files.ShouldBeEmpty();
        merged.Totals.ShouldBe(CoverageTotals.Empty);
        merged.Totals.LinePercent.ShouldBeNull();
    }

    static FileCoverage File(string path, IEnumerable<LineCoverage> lines, IEnumerable<FunctionCoverage>? functions = null) =>
        FileCoverage.Build(path, lines, functions ?? [], CoverageCombine.Max);

    static CoverageReport Report(string source, params FileCoverage[] files) =>
        CoverageReport.Build(files, CoverageCombine.Max, [new CoverageOrigin(CoverageFormat.Lcov, source, null)]);
}
