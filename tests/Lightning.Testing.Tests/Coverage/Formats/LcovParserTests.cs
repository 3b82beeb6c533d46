using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Formats;
using Lightning.Testing.Results;

namespace Lightning.Testing.Tests.Coverage.Formats;

public sealed class LcovParserTests
{
    [Fact]
    public async Task Parse_Records_GiveLinesBranchesAndFunctions()
    {
        var report = await CoverageTestKit.ParseAsync(new LcovParser(), """
            TN:unit
            SF:src\calc.js
            FN:2,add
            FN:6,9,divide
            FNDA:3,add
            FNDA:0,divide
            FNF:2
            FNH:1
            DA:3,3,Ab12cd==
            DA:7,0
            DA:8,0
            BRDA:7,0,0,-
            BRDA:7,0,1,2
            LF:3
            LH:1
            end_of_record
            """);

        var file = report.Files.ShouldHaveSingleItem();
        file.Path.ShouldBe("src/calc.js");
        file.Lines.Select(line => (line.Number, line.Hits)).ShouldBe([(3, 3L), (7, 0L), (8, 0L)]);
        file.Line(7)!.BranchHits.ShouldBe([0L, 2L]);
        file.Functions.Select(function => (function.Name, function.Line, function.Hits, function.EndLine)).ShouldBe([("add", 2, 3L, (int?)null), ("divide", 6, 0L, 9)]);
        file.Totals.ShouldBe(new CoverageTotals(1, 3, 1, 2, 1, 2));
    }

    [Fact]
    public async Task Parse_SameFileInTwoTestSections_AddsUp()
    {
        var report = await CoverageTestKit.ParseAsync(new LcovParser(), """
            TN:first
            SF:a.c
            FN:1,main
            FNDA:1,main
            DA:2,1
            DA:3,0
            BRDA:3,0,0,0
            BRDA:3,0,1,1
            end_of_record
            TN:second
            SF:a.c
            FN:1,main
            FNDA:2,main
            DA:2,2
            DA:3,5
            BRDA:3,0,0,4
            BRDA:3,0,1,0
            end_of_record
            """);

        var file = report.Files.ShouldHaveSingleItem();
        file.Lines.Select(line => (line.Number, line.Hits)).ShouldBe([(2, 3L), (3, 5L)]);
        file.Line(3)!.BranchHits.ShouldBe([4L, 1L]);
        file.Line(3)!.BranchesCovered.ShouldBe(2);
        file.Functions.ShouldHaveSingleItem().Hits.ShouldBe(3);
    }

    [Fact]
    public async Task Parse_Lcov2FunctionLinesAndNamesWithCommas()
    {
        var report = await CoverageTestKit.ParseAsync(new LcovParser(), """
            SF:/src/Calc.cs
            FN:7,System.Int32 Example.Calc::Add(System.Int32,System.Int32)
            FNDA:1,System.Int32 Example.Calc::Add(System.Int32,System.Int32)
            FNL:0,20,25
            FNA:0,0,Example.Calc::Never()
            DA:8,1
            BRDA:8,1,(a, b),3
            BRDA:9,1,0,1
            end_of_record
            """);

        var file = report.Files.ShouldHaveSingleItem();
        file.Functions.Select(function => (function.Name, function.Line, function.Hits, function.EndLine)).ShouldBe(
        [
            ("System.Int32 Example.Calc::Add(System.Int32,System.Int32)", 7, 1L, (int?)null),
            ("Example.Calc::Never()", 20, 0L, 25),
        ]);
        file.Line(8)!.BranchHits.ShouldBe([3L]);
        // A branch on a line without DA still places the line: it ran as often as its busiest branch.
        file.Line(9)!.Hits.ShouldBe(1);
    }

    [Theory]
    [InlineData("SF:a.c\nDA:1,1", 2, "The record for 'a.c' is not closed by end_of_record: the file ends early.")]
    [InlineData("TN:\nDA:1,1\nend_of_record", 2, "DA: outside a record: no SF: line names its file.")]
    [InlineData("SF:a.c\nDA:x,1\nend_of_record", 2, "DA:x,1: 'x' is not a line number.")]
    [InlineData("SF:a.c\nDA:1,-4\nend_of_record", 2, "DA:1,-4: '-4' is not a count.")]
    [InlineData("SF:a.c\nDA:1\nend_of_record", 2, "DA:1: a DA line needs a line number and a count.")]
    [InlineData("SF:a.c\nBRDA:1,2\nend_of_record", 2, "BRDA:1,2: a BRDA line needs a line number, block, branch and count.")]
    [InlineData("SF:a.c\nFNA:0,1,f\nend_of_record", 2, "FNA:0,1,f: an FNA line needs the index of an earlier FNL line, a count and a name.")]
    [InlineData("SF:a.c\nSF:b.c\nend_of_record", 2, "SF: before the record for 'a.c' was closed by end_of_record.")]
    [InlineData("SF:a.c\nend_of_record\nend_of_record", 3, "end_of_record without a record: no SF: line opened one.")]
    [InlineData("SF:a.c\nthis is not lcov\nend_of_record", 2, "Not an LCOV line: 'this is not lcov' (expected KEY:value).")]
    public async Task Parse_MalformedTracefile_NamesFileAndLine(string text, int line, string problem)
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => CoverageTestKit.ParseAsync(new LcovParser(), text, "lcov.info"));

        error.Message.ShouldBe($"lcov.info:{line}: {problem}");
    }
}
