using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Formats;

namespace Lightning.Testing.Tests.Coverage.Formats;

public sealed class CoberturaParserTests
{
    const string Sample = """
        <?xml version="1.0" ?>
        <!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">
        <coverage line-rate="0.5" branch-rate="0.5" version="1.9">
          <sources><source>/build/repo/</source><source>  </source></sources>
          <packages><package name="p"><classes>
            <class name="Calc" filename="src\Calc.cs">
              <methods>
                <method name="Add" signature="(I)I"><lines><line number="10" hits="4" /><line number="11" hits="4" /><line number="12" hits="4" /></lines></method>
                <method name="Never" hits="0" signature="()V"><lines><line number="20" hits="0" /></lines></method>
              </methods>
              <lines>
                <line number="10" hits="4" branch="False" />
                <line number="11" hits="4" branch="True" condition-coverage="50% (1/2)"><conditions><condition number="0" type="jump" coverage="50%" /></conditions></line>
                <line number="12" hits="4" />
                <line number="20" hits="0" />
              </lines>
            </class>
            <class name="Calc/Nested" filename="src\Calc.cs">
              <methods />
              <lines><line number="11" hits="6" branch="true" condition-coverage="100% (2/2)" /><line number="30" hits="1.0E1" /></lines>
            </class>
            <class name="Empty" filename="src/Empty.cs" />
          </classes></package></packages>
        </coverage>
        """;

    [Fact]
    public async Task Parse_ClassesOfOneFile_AreOneFileWithTheLargerCountPerLine()
    {
        var report = await CoverageTestKit.ParseAsync(new CoberturaParser(), Sample, "coverage.xml");

        report.SourceRoots.ShouldBe(["/build/repo/"]);
        report.Files.Select(file => file.Path).ShouldBe(["src/Calc.cs", "src/Empty.cs"]);
        var calc = report.File("src/Calc.cs")!;
        calc.Lines.Select(line => (line.Number, line.Hits)).ShouldBe([(10, 4L), (11, 6L), (12, 4L), (20, 0L), (30, 10L)]);
        // Both views of line 11 describe the same run: the better one stands, not a sum.
        (calc.Line(11)!.BranchesCovered, calc.Line(11)!.BranchesTotal).ShouldBe((2, 2));
        report.File("src/Empty.cs")!.Lines.ShouldBeEmpty();
        report.Origins.ShouldBe([new CoverageOrigin(CoverageFormat.Cobertura, "coverage.xml", null)]);
    }

    [Fact]
    public async Task Parse_Methods_BecomeFunctionsAtTheirFirstLine()
    {
        var calc = (await CoverageTestKit.ParseAsync(new CoberturaParser(), Sample)).File("src/Calc.cs")!;

        calc.Functions.Select(function => (function.Name, function.Line, function.Hits, function.EndLine)).ShouldBe([("Add", 10, 4L, (int?)12), ("Never", 20, 0L, null)]);
        calc.Totals.ShouldBe(new CoverageTotals(4, 5, 2, 2, 1, 2));
    }

    [Fact]
    public async Task Parse_LinesListedOnlyUnderMethods_AreTheClassLines()
    {
        var report = await CoverageTestKit.ParseAsync(new CoberturaParser(), """
            <coverage><packages><package><classes><class filename="a.py"><methods>
              <method name="f"><lines><line number="3" hits="1"/><line number="4" hits="0"/></lines></method>
            </methods></class></classes></package></packages></coverage>
            """);

        report.File("a.py")!.Lines.Select(line => (line.Number, line.Hits)).ShouldBe([(3, 1L), (4, 0L)]);
    }

    [Theory]
    [InlineData("<report/>", 1, "The root element is <report>; a Cobertura report starts with <coverage>.")]
    [InlineData("<coverage>\n<packages><package><classes><class name=\"x\">", 2, "A <class> has no filename attribute.")]
    [InlineData("<coverage><packages><package><classes><class filename=\"a\"><lines>\n<line hits=\"1\"/>", 2, "A <line> has no number attribute.")]
    [InlineData("<coverage><packages><package><classes><class filename=\"a\"><lines>\n\n<line number=\"3\" hits=\"many\"/>", 3, "<line> has hits=\"many\", which is not a count.")]
    [InlineData("<coverage><packages><package><classes><class filename=\"a\"><lines>\n<line number=\"0\" hits=\"1\"/>", 2, "<line> has number=\"0\"; lines are numbered from 1.")]
    [InlineData("<coverage><packages><package><classes><class filename=\"a\"><lines>\n<line number=\"3\" hits=\"1\" branch=\"true\" condition-coverage=\"50%\"/>", 2, "<line> has condition-coverage=\"50%\", which is not \"<percent>% (<covered>/<total>)\".")]
    [InlineData("<coverage><packages><package><classes><class filename=\"a\"><lines>\n<line number=\"3\" hits=\"1\" branch=\"true\" condition-coverage=\"300% (3/1)\"/>", 2, "<line> has condition-coverage=\"300% (3/1)\": more branches covered than there are.")]
    public async Task Parse_MalformedReport_NamesFileAndLine(string xml, int line, string problem)
    {
        var error = await Should.ThrowAsync<Lightning.Testing.Results.MalformedReportException>(() => CoverageTestKit.ParseAsync(new CoberturaParser(), xml, "coverage.xml"));

        error.Source.ShouldBe("coverage.xml");
        error.Line.ShouldBe(line);
        error.Problem.ShouldBe(problem);
        error.Message.ShouldBe($"coverage.xml:{line}: {problem}");
    }

    [Fact]
    public async Task Parse_EntityFromTheDoctype_IsNeverExpanded()
    {
        var secret = Path.Combine(Path.GetTempPath(), $"lightning-xxe-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(secret, "secret", TestContext.Current.CancellationToken);
        try
        {
            var xml = $"<?xml version=\"1.0\"?>\n<!DOCTYPE coverage [<!ENTITY x SYSTEM \"file://{secret}\">]>\n<coverage><sources><source>&x;</source></sources></coverage>";

            var error = await Should.ThrowAsync<Lightning.Testing.Results.MalformedReportException>(() => CoverageTestKit.ParseAsync(new CoberturaParser(), xml, "evil.xml"));

            error.Line.ShouldBe(3);
            error.Message.ShouldNotContain("secret");
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public async Task Parse_TruncatedXml_NamesTheLineWhereItEnds()
    {
        var error = await Should.ThrowAsync<Lightning.Testing.Results.MalformedReportException>(() =>
            CoverageTestKit.ParseAsync(new CoberturaParser(), "<coverage>\n<packages>\n<package>", "cut.xml"));

        error.Line.ShouldBe(3);
        error.Message.ShouldStartWith("cut.xml:3: ");
    }
}
