using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Sources;
using Lightning.Testing.Coverage.Suggestions;

namespace Lightning.Testing.Tests.Coverage;

/// <summary>
/// Each golden report read by the platform agrees with what its own tool printed about the same run (the summaries
/// regenerate.sh saved: <c>coverage report</c>, istanbul's json-summary, <c>go tool cover -func</c>, JaCoCo's counters,
/// SimpleCov's result, PHPUnit's <c>--coverage-text</c>, coverlet's Cobertura totals), and the formats one run wrote
/// agree with each other line by line.
/// </summary>
public sealed partial class CoverageToolSummaryTests
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CoveragePy_EveryFormat_MatchesCoverageReport()
    {
        var summary = CoveragePyReport(await File.ReadAllTextAsync(CoverageTestKit.Golden("python/coverage-report.txt"), Cancellation));
        var xml = (await CoverageTestKit.ReadMappedAsync("python/coverage.xml")).Report;
        var json = (await CoverageTestKit.ReadMappedAsync("python/coverage.json")).Report;
        var lcov = (await CoverageTestKit.ReadMappedAsync("python/coverage.lcov")).Report;

        foreach (var (path, statements, missing, branches) in summary)
        {
            // Cobertura lists statements exactly as coverage report counts them.
            var file = xml.File(path).ShouldNotBeNull();
            file.Lines.Count.ShouldBe(statements, path);
            file.Split().Missed.ShouldBe(missing, path);
            file.Totals.BranchesTotal.ShouldBe(branches, path);

            // JSON and LCOV miss the same lines and measure the same branches; their covered lines may add lines that
            // are not statements (a module docstring), which coverage.py lists as executed.
            foreach (var (other, format) in new[] { (json.File(path)!, "json"), (lcov.File(path)!, "lcov") })
            {
                other.Split().Missed.ShouldBe(missing, path);
                other.Split().Covered.ShouldBeSubsetOf(file.Split().Covered.Concat(NonStatementsExecuted(path, format)));
                file.Split().Covered.ShouldBeSubsetOf(other.Split().Covered);
                other.Totals.BranchesTotal.ShouldBe(branches, path);
            }

            json.File(path)!.Lines.Where(line => line.BranchesTotal > 0).Select(line => (line.Number, line.BranchesCovered, line.BranchesTotal))
                .ShouldBe(file.Lines.Where(line => line.BranchesTotal > 0).Select(line => (line.Number, line.BranchesCovered, line.BranchesTotal)), path);
        }

        xml.Totals.LinesTotal.ShouldBe(27);
        xml.Totals.LinesCovered.ShouldBe(18);
        xml.Totals.BranchesCovered.ShouldBe(2);
        // coverage report's Cover column: (covered statements + covered branches) / (statements + branches), 57 %.
        Math.Round((xml.Totals.LinesCovered + xml.Totals.BranchesCovered) * 100.0 / (xml.Totals.LinesTotal + xml.Totals.BranchesTotal)).ShouldBe(57);
    }

    [Fact]
    public async Task CoveragePy_Contexts_NameTheTestsThatRanEachLine()
    {
        var arith = (await CoverageTestKit.ReadMappedAsync("python/coverage.json")).Report.File("calc/arith.py")!;

        arith.Line(5)!.Contexts.ShouldBe(["tests.test_arith.test_add"]);
        arith.Line(11)!.Contexts.ShouldBe(["tests.test_arith.test_divide"]);
        arith.Line(34)!.Contexts.ShouldBe(["tests.test_arith.test_accumulator"]);
        // Run at import, outside any test: coverage.py's empty context, left out.
        arith.Line(4)!.Contexts.ShouldBeEmpty();
        arith.Line(4)!.Covered.ShouldBeTrue();
    }

    [Fact]
    public async Task CoveragePy_MergeOfTwoRuns_MatchesCoverageCombine()
    {
        var arith = (await CoverageTestKit.ReadMappedAsync("python/part-arith.json")).Report;
        var text = (await CoverageTestKit.ReadMappedAsync("python/part-text.json")).Report;
        var combined = (await CoverageTestKit.ReadMappedAsync("python/combined.json")).Report;

        var merged = CoverageMerger.Merge([arith, text]);

        merged.Files.Select(file => file.Path).ShouldBe(combined.Files.Select(file => file.Path));
        foreach (var file in combined.Files)
        {
            var ours = merged.File(file.Path)!;
            ours.Split().Covered.ShouldBe(file.Split().Covered, file.Path);
            ours.Split().Missed.ShouldBe(file.Split().Missed, file.Path);
            ours.Lines.Select(line => (line.Number, line.BranchesCovered, line.BranchesTotal)).ShouldBe(file.Lines.Select(line => (line.Number, line.BranchesCovered, line.BranchesTotal)), file.Path);
        }

        // Each run imported only its own module: each file's coverage comes from one run, none is lost.
        merged.File("calc/arith.py")!.Totals.LinesCovered.ShouldBe(arith.File("calc/arith.py")!.Totals.LinesCovered);
        merged.File("calc/text.py")!.Totals.LinesCovered.ShouldBe(text.File("calc/text.py")!.Totals.LinesCovered);
        merged.Origins.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Istanbul_EveryFormat_MatchesJsonSummary()
    {
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(CoverageTestKit.Golden("jest/coverage-summary.json"), Cancellation));
        var lcov = (await CoverageTestKit.ReadMappedAsync("jest/lcov.info")).Report;
        var cobertura = (await CoverageTestKit.ReadMappedAsync("jest/cobertura-coverage.xml")).Report;
        var clover = (await CoverageTestKit.ReadMappedAsync("jest/clover.xml")).Report;

        foreach (var entry in summary.RootElement.EnumerateObject())
        {
            var expected = entry.Value;
            var totals = entry.Name == "total"
                ? (Lcov: lcov.Totals, Cobertura: cobertura.Totals, Clover: clover.Totals)
                : (Lcov: JestFile(lcov, entry.Name).Totals, Cobertura: JestFile(cobertura, entry.Name).Totals, Clover: JestFile(clover, entry.Name).Totals);
            foreach (var ours in new[] { totals.Lcov, totals.Cobertura, totals.Clover })
            {
                (ours.LinesCovered, ours.LinesTotal).ShouldBe(Counts(expected, "lines"), entry.Name);
                (ours.BranchesCovered, ours.BranchesTotal).ShouldBe(Counts(expected, "branches"), entry.Name);
            }

            // Clover from istanbul names no functions; the other two do.
            (totals.Lcov.FunctionsCovered, totals.Lcov.FunctionsTotal).ShouldBe(Counts(expected, "functions"), entry.Name);
            (totals.Cobertura.FunctionsCovered, totals.Cobertura.FunctionsTotal).ShouldBe(Counts(expected, "functions"), entry.Name);
        }

        foreach (var file in lcov.Files)
        {
            cobertura.File(file.Path)!.Lines.Select(line => (line.Number, line.Hits)).ShouldBe(file.Lines.Select(line => (line.Number, line.Hits)), file.Path);
            clover.File(file.Path)!.Lines.Select(line => (line.Number, line.Hits, line.BranchesCovered, line.BranchesTotal))
                .ShouldBe(file.Lines.Select(line => (line.Number, line.Hits, line.BranchesCovered, line.BranchesTotal)), file.Path);
        }

        // Counts, not just covered or not: add() ran twice.
        lcov.File("src/calc.js")!.Line(3)!.Hits.ShouldBe(2);
    }

    [Fact]
    public async Task GoCover_FunctionsAndCoverage_MatchGoToolCoverFunc()
    {
        var func = GoCoverFunc(await File.ReadAllTextAsync(CoverageTestKit.Golden("go/cover-func.txt"), Cancellation));
        var count = await WithFunctionsAsync("go/cover-count.out");

        var ours = count.Files.SelectMany(file => file.Functions.Select(function => (file.Path, function.Line, function.Name))).ToList();
        ours.ShouldBe(func.Select(row => (row.Path, row.Line, row.Name)), ignoreOrder: true);
        foreach (var row in func)
        {
            var file = count.File(row.Path)!;
            var function = file.Functions.Single(candidate => candidate.Name == row.Name);
            function.Covered.ShouldBe(row.Percent > 0, row.Name);
            var body = file.Lines.Where(line => line.Number >= function.Line && line.Number <= (function.EndLine ?? function.Line)).ToList();
            if (row.Percent == 100)
            {
                body.ShouldAllBe(line => line.Covered, row.Name);
            }
            else
            {
                body.ShouldContain(line => !line.Covered, row.Name);
            }
        }
    }

    [Fact]
    public async Task GoCover_Modes_CoverTheSameLines_CountModeCounts()
    {
        var set = (await CoverageTestKit.ReadMappedAsync("go/cover-set.out")).Report;
        var count = (await CoverageTestKit.ReadMappedAsync("go/cover-count.out")).Report;
        var atomic = (await CoverageTestKit.ReadMappedAsync("go/cover-atomic.out")).Report;

        foreach (var file in count.Files)
        {
            set.File(file.Path)!.Split().Covered.ShouldBe(file.Split().Covered);
            set.File(file.Path)!.Split().Missed.ShouldBe(file.Split().Missed);
            atomic.File(file.Path)!.Lines.Select(line => (line.Number, line.Hits)).ShouldBe(file.Lines.Select(line => (line.Number, line.Hits)));
        }

        // TestAdd calls Add three times; set mode only knows that it ran.
        count.File("calc/calc.go")!.Line(7)!.Hits.ShouldBe(3);
        set.File("calc/calc.go")!.Line(7)!.Hits.ShouldBe(1);
        count.File("calc/calc.go")!.Line(37)!.Hits.ShouldBe(2);
    }

    [Fact]
    public async Task JaCoCo_Totals_MatchTheReportsOwnCounters()
    {
        var counters = JaCoCoCounters(CoverageTestKit.Golden("jacoco/jacoco.xml"));
        var report = (await CoverageTestKit.ReadMappedAsync("jacoco/jacoco.xml")).Report;

        (report.Totals.LinesCovered, report.Totals.LinesTotal).ShouldBe(counters["LINE"]);
        (report.Totals.BranchesCovered, report.Totals.BranchesTotal).ShouldBe(counters["BRANCH"]);
        (report.Totals.FunctionsCovered, report.Totals.FunctionsTotal).ShouldBe(counters["METHOD"]);
        report.Files.ShouldHaveSingleItem().Path.ShouldBe("src/main/java/com/example/calc/Calc.java");
    }

    [Fact]
    public async Task SimpleCov_Totals_MatchSimpleCovsOwnResult()
    {
        var summary = await File.ReadAllLinesAsync(CoverageTestKit.Golden("simplecov/simplecov-summary.txt"), Cancellation);
        var report = (await CoverageTestKit.ReadMappedAsync("simplecov/resultset.json")).Report;

        summary[0].ShouldBe($"lines {report.Totals.LinesCovered}/{report.Totals.LinesTotal}");
        summary[1].ShouldBe($"branches {report.Totals.BranchesCovered}/{report.Totals.BranchesTotal}");
        foreach (var line in summary.Skip(2))
        {
            var match = SimpleCovFile().Match(line);
            match.Success.ShouldBeTrue(line);
            var file = report.File(match.Groups["path"].Value.TrimStart('/'))!;
            $"lines {file.Totals.LinesCovered}/{file.Totals.LinesTotal} branches {file.Totals.BranchesCovered}/{file.Totals.BranchesTotal}".ShouldBe(match.Groups["counts"].Value);
        }
    }

    [Fact]
    public async Task PhpUnit_CloverAndCobertura_MatchCoverageText()
    {
        var text = await File.ReadAllTextAsync(CoverageTestKit.Golden("phpunit/coverage.txt"), Cancellation);
        var lines = PhpUnitSummary().Match(text);
        lines.Success.ShouldBeTrue();
        foreach (var file in new[] { "phpunit/clover.xml", "phpunit/cobertura.xml" })
        {
            var report = (await CoverageTestKit.ReadMappedAsync(file)).Report;
            report.Totals.LinesCovered.ShouldBe(Int(lines.Groups["linesCovered"].Value), file);
            report.Totals.LinesTotal.ShouldBe(Int(lines.Groups["linesTotal"].Value), file);

            // PHPUnit counts a method as covered when all of its lines ran: those without a missed line.
            var calc = report.File("src/Calc.php")!;
            var partly = CoverageSuggestions.Rank(report with { Files = [calc] }, 100).Count;
            (calc.Functions.Count - partly).ShouldBe(Int(lines.Groups["methodsCovered"].Value), file);
            calc.Functions.Count.ShouldBe(Int(lines.Groups["methodsTotal"].Value), file);
        }
    }

    [Fact]
    public async Task Coverlet_CoberturaAndLcov_MatchCoverletsTotals()
    {
        var root = XDocument.Load(CoverageTestKit.Golden("coverlet/coverlet.cobertura.xml")).Root!;
        var cobertura = (await CoverageTestKit.ReadMappedAsync("coverlet/coverlet.cobertura.xml")).Report;
        var lcov = (await CoverageTestKit.ReadMappedAsync("coverlet/coverlet.info")).Report;
        var lcovText = await File.ReadAllTextAsync(CoverageTestKit.Golden("coverlet/coverlet.info"), Cancellation);

        (cobertura.Totals.LinesCovered, cobertura.Totals.LinesTotal).ShouldBe((Int(root.Attribute("lines-covered")!.Value), Int(root.Attribute("lines-valid")!.Value)));
        (cobertura.Totals.BranchesCovered, cobertura.Totals.BranchesTotal).ShouldBe((Int(root.Attribute("branches-covered")!.Value), Int(root.Attribute("branches-valid")!.Value)));
        (lcov.Totals.LinesCovered, lcov.Totals.LinesTotal).ShouldBe((LcovCount(lcovText, "LH"), LcovCount(lcovText, "LF")));
        (lcov.Totals.BranchesCovered, lcov.Totals.BranchesTotal).ShouldBe((LcovCount(lcovText, "BRH"), LcovCount(lcovText, "BRF")));
        (lcov.Totals.FunctionsCovered, lcov.Totals.FunctionsTotal).ShouldBe((LcovCount(lcovText, "FNH"), LcovCount(lcovText, "FNF")));
        var file = cobertura.Files.ShouldHaveSingleItem();
        lcov.File(file.Path)!.Lines.Select(line => (line.Number, line.Hits, line.BranchesCovered, line.BranchesTotal))
            .ShouldBe(file.Lines.Select(line => (line.Number, line.Hits, line.BranchesCovered, line.BranchesTotal)));
    }

    /// <summary>
    /// Lines coverage.py's JSON and LCOV list as executed though they are not statements: the module docstring, and in
    /// LCOV the excluded ("pragma: no cover") definition that ran at import, which the JSON marks excluded.
    /// </summary>
    static int[] NonStatementsExecuted(string path, string format) => (path, format) switch
    {
        ("calc/arith.py", _) => [1],
        ("calc/text.py", "lcov") => [5],
        _ => [],
    };

    static FileCoverage JestFile(CoverageReport report, string absolutePath) =>
        report.File(absolutePath[(CoverageTestKit.WorkDirectory("jest").Length + 1)..]).ShouldNotBeNull(absolutePath);

    static (int, int) Counts(JsonElement element, string metric) =>
        (element.GetProperty(metric).GetProperty("covered").GetInt32(), element.GetProperty(metric).GetProperty("total").GetInt32());

    static async Task<CoverageReport> WithFunctionsAsync(string file) =>
        await SourceFunctions.AddAsync((await CoverageTestKit.ReadMappedAsync(file)).Report,
            new RepositorySources(CoverageTestKit.Fixture(CoverageTestKit.ToolOf(file))), Cancellation);

    static List<(string Path, int Statements, int[] Missing, int Branches)> CoveragePyReport(string text)
    {
        var rows = new List<(string, int, int[], int)>();
        foreach (var line in text.Split('\n'))
        {
            var match = CoveragePyRow().Match(line);
            if (!match.Success || match.Groups["path"].Value == "TOTAL")
            {
                continue;
            }

            var missing = match.Groups["missing"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .SelectMany(range => range.Split('-') is [var from, var to] ? Enumerable.Range(Int(from), Int(to) - Int(from) + 1) : [Int(range)]).ToArray();
            rows.Add((match.Groups["path"].Value, Int(match.Groups["statements"].Value), missing, Int(match.Groups["branches"].Value)));
        }

        return rows.Count > 0 ? rows : throw new InvalidOperationException("coverage-report.txt has no rows.");
    }

    static List<(string Path, int Line, string Name, double Percent)> GoCoverFunc(string text) =>
    [
        .. text.Split('\n').Select(line => GoFuncRow().Match(line)).Where(match => match.Success).Select(match => (
            match.Groups["path"].Value["example.com/cov/".Length..],
            Int(match.Groups["line"].Value),
            match.Groups["name"].Value,
            double.Parse(match.Groups["percent"].Value, CultureInfo.InvariantCulture))),
    ];

    static Dictionary<string, (int, int)> JaCoCoCounters(string path)
    {
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
        var report = XDocument.Load(reader).Root!;
        return report.Elements("counter").ToDictionary(
            counter => counter.Attribute("type")!.Value,
            counter => (Int(counter.Attribute("covered")!.Value), Int(counter.Attribute("covered")!.Value) + Int(counter.Attribute("missed")!.Value)));
    }

    static int LcovCount(string text, string key) =>
        text.Split('\n').Where(line => line.StartsWith(key + ":", StringComparison.Ordinal)).Sum(line => Int(line[(key.Length + 1)..]));

    static int Int(string text) => int.Parse(text.Trim(), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<path>\S+)\s+(?<statements>\d+)\s+(?<miss>\d+)\s+(?<branches>\d+)\s+(?<partial>\d+)\s+\d+%\s*(?<missing>.*)$")]
    private static partial Regex CoveragePyRow();

    [GeneratedRegex(@"^(?<path>\S+\.go):(?<line>\d+):\s+(?<name>\S+)\s+(?<percent>[\d.]+)%$")]
    private static partial Regex GoFuncRow();

    [GeneratedRegex(@"^(?<path>\S+) (?<counts>lines \d+/\d+ branches \d+/\d+)$")]
    private static partial Regex SimpleCovFile();

    [GeneratedRegex(@"Summary:.*?Methods:\s+[\d.]+% \((?<methodsCovered>\d+)/(?<methodsTotal>\d+)\)\s+Lines:\s+[\d.]+% \((?<linesCovered>\d+)/(?<linesTotal>\d+)\)", RegexOptions.Singleline)]
    private static partial Regex PhpUnitSummary();
}
