using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Formats;
using Lightning.Testing.Results;

namespace Lightning.Testing.Tests.Coverage.Formats;

public sealed class CoveragePyJsonParserTests
{
    [Fact]
    public async Task Parse_LinesBranchesContextsAndFunctions()
    {
        // coverage.py 7.5+ adds "functions" (and "classes", skipped) per file.
        var report = await CoverageTestKit.ParseAsync(new CoveragePyJsonParser(), """
            {"meta": {"format": 3, "version": "7.6.1", "branch_coverage": true, "show_contexts": true},
             "files": {"pkg/mod.py": {
                "executed_lines": [1, 3, 4, 9, 12],
                "summary": {"covered_lines": 4},
                "missing_lines": [5, 7],
                "excluded_lines": [12],
                "contexts": {"3": ["test_b", "test_a|run"], "4": [""], "9": []},
                "executed_branches": [[4, 7], [4, -1]],
                "missing_branches": [[4, 5]],
                "functions": {
                   "f": {"executed_lines": [3, 4], "missing_lines": [5, 7], "excluded_lines": []},
                   "": {"executed_lines": [1, 9], "missing_lines": [], "excluded_lines": []},
                   "g": {"executed_lines": [], "missing_lines": [], "excluded_lines": [12]}},
                "classes": {"": {"executed_lines": [1]}}}},
             "totals": {"covered_lines": 4}}
            """, "coverage.json");

        var file = report.Files.ShouldHaveSingleItem();
        file.Path.ShouldBe("pkg/mod.py");
        // Line 12 is excluded though it ran (a "pragma: no cover" def): not a line.
        file.Lines.Select(line => (line.Number, line.Hits)).ShouldBe([(1, 1L), (3, 1L), (4, 1L), (5, 0L), (7, 0L), (9, 1L)]);
        // Arcs leaving line 4, by destination: -1 (exit) taken, 5 missed, 7 taken.
        file.Line(4)!.BranchHits.ShouldBe([1L, 0L, 1L]);
        file.Line(3)!.Contexts.ShouldBe(["test_a|run", "test_b"]);
        file.Line(4)!.Contexts.ShouldBeEmpty();
        file.Functions.ShouldBe([new FunctionCoverage("f", 3, 1) { EndLine = 7 }]);
        report.Origins.ShouldHaveSingleItem().Tool.ShouldBe("coverage.py 7.6.1");
    }

    [Theory]
    [InlineData("{\"files\": {\n\"a.py\": {\"executed_lines\": \"1,2\"}}}", 2, "\"a.py\".executed_lines should be an array, not a string.")]
    [InlineData("{\"files\": {\"a.py\": {\n\"executed_lines\": [1,\n 0]}}}", 3, "\"a.py\".executed_lines holds 0, which is not a line number.")]
    [InlineData("{\"files\": {\"a.py\": {\"contexts\": {\n\"x\": [\"t\"]}}}}", 2, "\"a.py\".contexts has the key \"x\", which is not a line number.")]
    [InlineData("{\"files\": {\"a.py\": {\"executed_branches\": [\n[3]]}}}", 2, "An arc of \"a.py\".executed_branches has one line; arcs are [from, to].")]
    [InlineData("{\"meta\": {}\n}", 2, "The report has no \"files\": not a coverage.py JSON report.")]
    public async Task Parse_MalformedReport_NamesFileAndLine(string json, int line, string problem)
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => CoverageTestKit.ParseAsync(new CoveragePyJsonParser(), json, "coverage.json"));

        error.Message.ShouldBe($"coverage.json:{line}: {problem}");
    }

    [Theory]
    [InlineData("{\"files\": {\n\"a.py\": {\n\"executed_lines\": [1 2]}}}", 3)]
    [InlineData("{\"files\": {\n\"a.py\": {\"executed_lines\": [1, 2,\n", 3)]
    public async Task Parse_InvalidOrTruncatedJson_NamesTheLineTheJsonReaderStopsAt(string json, int line)
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => CoverageTestKit.ParseAsync(new CoveragePyJsonParser(), json, "coverage.json"));

        error.Line.ShouldBe(line);
        error.Problem.ShouldNotContain("LineNumber");
        error.Message.ShouldStartWith($"coverage.json:{line}: ");
    }
}
