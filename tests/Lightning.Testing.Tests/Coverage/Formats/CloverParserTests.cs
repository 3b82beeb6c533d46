using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Formats;
using Lightning.Testing.Results;

namespace Lightning.Testing.Tests.Coverage.Formats;

public sealed class CloverParserTests
{
    [Fact]
    public async Task Parse_PhpUnitClover_MethodsOnTheirDeclarationAndStatements()
    {
        var report = await CoverageTestKit.ParseAsync(new CloverParser(), """
            <?xml version="1.0" encoding="UTF-8"?>
            <coverage generated="1">
              <project timestamp="1">
                <package name="App">
                  <file name="/repo/src/Calc.php">
                    <class name="Calc" namespace="App"><metrics methods="1"/></class>
                    <line num="10" type="method" name="add" visibility="public" complexity="1" crap="1" count="2"/>
                    <line num="12" type="stmt" count="2"/>
                    <line num="13" type="stmt" count="0"/>
                    <metrics loc="20"/>
                  </file>
                </package>
                <file name="/repo/src/empty.php"/>
              </project>
            </coverage>
            """);

        var calc = report.File("/repo/src/Calc.php")!;
        calc.Lines.Select(line => (line.Number, line.Hits)).ShouldBe([(12, 2L), (13, 0L)]);
        calc.Functions.ShouldBe([new FunctionCoverage("add", 10, 2)]);
        report.File("/repo/src/empty.php")!.Lines.ShouldBeEmpty();
    }

    [Fact]
    public async Task Parse_Conditions_AreTrueAndFalseCountsInClover_CoveredAndMissedInIstanbul()
    {
        const string Lines = """<line num="7" count="3" type="cond" truecount="3" falsecount="0"/>""";
        var clover = await CoverageTestKit.ParseAsync(new CloverParser(), $"""<coverage generated="1" clover="4.4.1"><project><file name="a.java">{Lines}</file></project></coverage>""");
        var istanbul = await CoverageTestKit.ParseAsync(new CloverParser(), $"""<coverage generated="1" clover="3.2.0"><project timestamp="1" name="All files"><file name="a.js" path="/repo/a.js">{Lines}</file></project></coverage>""");

        // Clover: the condition was true 3 times and never false, one of its two outcomes ran.
        var condition = clover.Files.Single().Line(7)!;
        (condition.BranchesCovered, condition.BranchesTotal).ShouldBe((1, 2));
        condition.BranchHits.ShouldBe([3L, 0L]);
        // istanbul: three branches covered, none missed.
        var branches = istanbul.File("/repo/a.js")!.Line(7)!;
        (branches.BranchesCovered, branches.BranchesTotal).ShouldBe((3, 3));
        istanbul.Origins.ShouldHaveSingleItem().Tool.ShouldBe("istanbul");
    }

    [Theory]
    [InlineData("<coverage generated=\"1\"><project><file name=\"a\">\n<line num=\"1\" type=\"loop\" count=\"1\"/>", 2, "<line> has type=\"loop\"; Clover lines are stmt, cond or method.")]
    [InlineData("<coverage generated=\"1\"><project><file name=\"a\">\n<line type=\"stmt\" count=\"1\"/>", 2, "A <line> has no num attribute.")]
    [InlineData("<coverage generated=\"1\"><project>\n<file/>", 2, "A <file> has no name attribute.")]
    [InlineData("<coverage generated=\"1\"><project><file name=\"a\">\n<line num=\"4\" type=\"stmt\"/>", 2, "A <line> has no count attribute.")]
    public async Task Parse_MalformedReport_NamesFileAndLine(string xml, int line, string problem)
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => CoverageTestKit.ParseAsync(new CloverParser(), xml, "clover.xml"));

        error.Message.ShouldBe($"clover.xml:{line}: {problem}");
    }
}
