using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Formats;
using Lightning.Testing.Results;

namespace Lightning.Testing.Tests.Coverage.Formats;

public sealed class JaCoCoParserTests
{
    [Fact]
    public async Task Parse_GroupsPackagesAndTheDefaultPackage()
    {
        var report = await CoverageTestKit.ParseAsync(new JaCoCoParser(), """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">
            <report name="multi">
              <group name="module-a">
                <package name="org/a">
                  <class name="org/a/Outer$Inner" sourcefilename="Outer.java">
                    <method name="run" desc="()V" line="12"><counter type="LINE" missed="0" covered="2"/><counter type="METHOD" missed="0" covered="1"/></method>
                    <method name="lambda$0" desc="()V"><counter type="METHOD" missed="1" covered="0"/></method>
                  </class>
                  <class name="org/a/Outer" sourcefilename="Outer.java">
                    <method name="idle" desc="()V" line="5"><counter type="METHOD" missed="1" covered="0"/></method>
                  </class>
                  <sourcefile name="Outer.java">
                    <line nr="5" mi="3" ci="0" mb="0" cb="0"/>
                    <line nr="12" mi="1" ci="4" mb="1" cb="3"/>
                  </sourcefile>
                </package>
              </group>
              <package name="">
                <class name="Main" sourcefilename="Main.java"/>
                <sourcefile name="Main.java"><line nr="1" mi="0" ci="2"/></sourcefile>
              </package>
            </report>
            """);

        report.Files.Select(file => file.Path).ShouldBe(["Main.java", "org/a/Outer.java"]);
        var outer = report.File("org/a/Outer.java")!;
        outer.Lines.Select(line => (line.Number, line.Hits, line.BranchesCovered, line.BranchesTotal)).ShouldBe([(5, 0L, 0, 0), (12, 1L, 3, 4)]);
        // A method without a line (a synthetic lambda without debug information) cannot be placed.
        outer.Functions.Select(function => (function.Name, function.Line, function.Hits)).ShouldBe([("Outer.idle", 5, 0L), ("Outer$Inner.run", 12, 1L)]);
        report.File("Main.java")!.Lines.ShouldHaveSingleItem().Hits.ShouldBe(1);
        report.Origins.ShouldHaveSingleItem().Tool.ShouldBe("JaCoCo");
    }

    [Theory]
    [InlineData("<coverage/>", 1, "The root element is <coverage>; a JaCoCo report starts with <report>.")]
    [InlineData("<report><package name=\"p\">\n<sourcefile name=\"A.java\"><line nr=\"x\" ci=\"1\"/>", 2, "<line> has nr=\"x\", which is not a whole number of at least 0.")]
    [InlineData("<report><package name=\"p\"><sourcefile name=\"A.java\">\n\n<line nr=\"3\"/>", 3, "A <line> has no ci attribute.")]
    [InlineData("<report><package name=\"p\">\n<sourcefile/>", 2, "A <sourcefile> has no name attribute.")]
    public async Task Parse_MalformedReport_NamesFileAndLine(string xml, int line, string problem)
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => CoverageTestKit.ParseAsync(new JaCoCoParser(), xml, "jacoco.xml"));

        error.Message.ShouldBe($"jacoco.xml:{line}: {problem}");
    }
}
