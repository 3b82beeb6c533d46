using System.Text;
using System.Text.Json;
using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Formats;
using Lightning.Testing.Coverage.Reports;
using Lightning.Testing.Results;

namespace Lightning.Testing.Tests.Coverage.Reports;

public sealed class CoverageJsonWriterTests
{
    [Fact]
    public async Task Write_SchemaFirst_TotalsAndCompactLines()
    {
        var report = CoverageReport.Build(
        [
            FileCoverage.Build("a.py", [new LineCoverage(1, 2) { Contexts = ["t"] }, LineCoverage.WithBranches(2, 0, [0, 1])], [new FunctionCoverage("f", 1, 2)], CoverageCombine.Max),
        ], CoverageCombine.Max, [new CoverageOrigin(CoverageFormat.CoveragePyJson, "coverage.json", "coverage.py 6.5.0")]);

        var json = await CoverageTestKit.JsonAsync(report);

        json.ShouldStartWith("{\n  \"schema\": \"lightning-coverage/1\",".ReplaceLineEndings(Environment.NewLine));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        root.GetProperty("totals").GetProperty("linePercent").GetDouble().ShouldBe(50);
        root.GetProperty("origins")[0].GetProperty("format").GetString().ShouldBe("coverage-py-json");
        var lines = root.GetProperty("files")[0].GetProperty("lines");
        // A line without branches carries no branch fields; derived flags are left out.
        lines[0].EnumerateObject().Select(property => property.Name).ShouldBe(["number", "hits", "contexts"]);
        lines[1].EnumerateObject().Select(property => property.Name).ShouldBe(["number", "hits", "branchesTotal", "branchesCovered", "branchHits", "contexts"]);
        root.GetProperty("files")[0].GetProperty("totals").GetProperty("functionsCovered").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData("{\"schema\": \"other/2\", \"files\": []}", "coverage.json:1: Not a Lightning coverage document: the schema is 'other/2', not 'lightning-coverage/1'.")]
    [InlineData("{\"schema\": \"lightning-coverage/1\", \"files\": [{\"path\": null, \"lines\": []}]}", "coverage.json: A file of the coverage document has no path.")]
    public async Task Read_NotOurDocument_IsRejected(string json, string message)
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() =>
            new LightningCoverageJsonParser().ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), "coverage.json", TestContext.Current.CancellationToken));

        error.Message.ShouldBe(message);
    }

    [Fact]
    public async Task Read_BrokenJson_NamesTheLine()
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() =>
            new LightningCoverageJsonParser().ParseAsync(new MemoryStream("{\"schema\": \"lightning-coverage/1\",\n\"files\": [\n{\"path\": 3}]}"u8.ToArray()), "c.json", TestContext.Current.CancellationToken));

        error.Line.ShouldBe(3);
    }
}
