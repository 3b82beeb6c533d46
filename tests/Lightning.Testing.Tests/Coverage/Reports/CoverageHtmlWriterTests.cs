using System.Text;
using System.Text.RegularExpressions;
using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Goals;
using Lightning.Testing.Coverage.Reports;
using Lightning.Testing.Coverage.Sources;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Coverage.Reports;

public sealed partial class CoverageHtmlWriterTests
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Write_GoldenPythonReport_TreeTotalsAndSourceWithUncoveredLinesHighlighted()
    {
        var report = await SourceFunctions.AddAsync((await CoverageTestKit.ReadMappedAsync("python/coverage.xml")).Report, Sources("python"), Cancellation);

        var html = await WriteAsync(report, Sources("python"), new CoverageHtmlOptions { Title = "calc <coverage>" });

        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldContain("<title>calc &lt;coverage&gt;</title>");
        html.ShouldContain("Lines: <strong class=\"mid\">66.7%</strong> <span class=\"muted\">(18/27)</span>");
        html.ShouldContain("Branches: <strong class=\"low\">25.0%</strong> <span class=\"muted\">(2/8)</span>");
        // The tree: the calc directory with its total, then its files with theirs, each linking to its source view.
        html.ShouldContain("<summary><span class=\"pct mid\">66.7%</span>");
        html.ShouldContain("<a href=\"#file-1\">arith.py</a>");
        var arith = Section(html, "file-1");
        arith.ShouldContain("<h2>calc/arith.py</h2>");
        Row(arith, 10).ShouldBe("<tr class=\"miss\"><td class=\"num\" id=\"file-1-L10\">10</td><td class=\"hits\">0</td><td class=\"br\"></td><td class=\"code\">        raise ZeroDivisionError(&quot;division by zero&quot;)</td></tr>");
        Row(arith, 9).ShouldStartWith("<tr class=\"partial\">");
        Row(arith, 9).ShouldContain("title=\"1 of 2 branches taken\">1/2</td>");
        Row(arith, 5).ShouldStartWith("<tr class=\"hit\">");
        // Not code (blank, docstring): no state, no hits.
        Row(arith, 2).ShouldBe("<tr><td class=\"num\" id=\"file-1-L2\">2</td><td class=\"hits\"></td><td class=\"br\"></td><td class=\"code\"></td></tr>");
        arith.Split("<tr").Length.ShouldBe(38 + 1);
        // Suggestions rank the function no test calls first and link to its line.
        html.ShouldContain("never_called <span class=\"fail\">never called</span></td><td><a href=\"#file-1-L22\">calc/arith.py:22</a>");
    }

    [Fact]
    public async Task Write_SelfContained_NoScriptNoExternalResource()
    {
        var report = (await CoverageTestKit.ReadMappedAsync("jest/lcov.info")).Report;

        var html = await WriteAsync(report, Sources("jest"));

        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("src=");
        html.ShouldNotContain("<link");
        html.ShouldNotContain("http");
        HrefsOutsideThePage().IsMatch(html).ShouldBeFalse();
    }

    [Fact]
    public async Task Write_Goals_ShowResultsAndTheFilesThatMissed()
    {
        var report = (await CoverageTestKit.ReadMappedAsync("jest/lcov.info")).Report;
        var enforcement = CoverageGoals.Evaluate(report, CoverageGoals.ParseAll(["src/**: 30% lines", "src/**: 90% functions per file"]));

        var html = await WriteAsync(report, Sources("jest"), new CoverageHtmlOptions { Enforcement = enforcement });

        html.ShouldContain("<h2>Goals: <span class=\"fail\">missed</span></h2>");
        html.ShouldContain("<td>src/**: 30% lines</td><td><span class=\"pass\">passed</span>");
        html.ShouldContain("<td>src/**: 90% functions per file</td><td><span class=\"fail\">failed</span>");
        // Both need one more function; then by path.
        html.ShouldContain("<a href=\"#file-0\">src/calc.js</a> 80.0%, <a href=\"#file-1\">src/unused.js</a> 0.0%");
    }

    [Fact]
    public async Task Write_SourceIsEscaped_MissingSourceShowsMeasuredLines_NothingOutsideTheRepositoryIsRead()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("repo"));
        await File.WriteAllTextAsync(temp.Combine("repo", "page.js"), "const a = '<script>alert(1)</script>' && b;\n", Cancellation);
        await File.WriteAllTextAsync(temp.Combine("secret.js"), "TOP SECRET\n", Cancellation);
        var report = CoverageReport.Build(
        [
            FileCoverage.Build("page.js", [new LineCoverage(1, 0)], [], CoverageCombine.Max),
            FileCoverage.Build("gone.js", [new LineCoverage(3, 2)], [], CoverageCombine.Max),
            FileCoverage.Build("../secret.js", [new LineCoverage(1, 1)], [], CoverageCombine.Max),
        ], CoverageCombine.Max, []);

        var html = await WriteAsync(report, new RepositorySources(temp.Combine("repo")), new CoverageHtmlOptions { Suggestions = 0 });

        html.ShouldContain("<td class=\"code\">const a = &#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39; &amp;&amp; b;</td>");
        html.ShouldNotContain("<script>");
        html.ShouldNotContain("TOP SECRET");
        Section(html, "file-1").ShouldContain("The source is not in the repository; only the measured lines are shown.");
        Row(Section(html, "file-1"), 3).ShouldStartWith("<tr class=\"hit\"><td class=\"num\" id=\"file-1-L3\">3</td><td class=\"hits\">2</td>");
        html.ShouldNotContain("id=\"suggestions\"");
    }

    static RepositorySources Sources(string tool) => new(CoverageTestKit.Fixture(tool));

    static async Task<string> WriteAsync(CoverageReport report, RepositorySources sources, CoverageHtmlOptions? options = null)
    {
        using var buffer = new MemoryStream();
        await CoverageHtmlWriter.WriteAsync(report, sources, buffer, Cancellation, options);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    static string Section(string html, string id)
    {
        var start = html.IndexOf($"<section class=\"file\" id=\"{id}\">", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, id);
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    static string Row(string section, int line)
    {
        var cell = section.IndexOf($"-L{line}\">{line}</td>", StringComparison.Ordinal);
        cell.ShouldBeGreaterThan(0, $"line {line}");
        var start = section.LastIndexOf("<tr", cell, StringComparison.Ordinal);
        return section[start..(section.IndexOf("</tr>", cell, StringComparison.Ordinal) + "</tr>".Length)];
    }

    [GeneratedRegex("href=\"(?!#)")]
    private static partial Regex HrefsOutsideThePage();
}
