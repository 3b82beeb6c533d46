using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Results.JUnit;
using Lightning.Testing.Results.Trx;

namespace Lightning.Testing.Tests.Results;

/// <summary>
/// The golden corpus: reports written by the real tools on this machine (see Golden/*/regenerate.sh) and hand-written
/// edge files. Each is detected, parsed, and compared with its reviewed expected model (*.expected.json); each
/// survives the exporters. Set LIGHTNING_GOLDEN_UPDATE=1 to rewrite the expected models after regenerating the
/// reports, then review the diff.
/// </summary>
public sealed class GoldenCorpusTests
{
    static readonly (string File, TestReportFormat Format)[] Corpus =
    [
        ("pytest/pytest-xunit1.xml", TestReportFormat.JUnitXml),
        ("pytest/pytest-xunit2.xml", TestReportFormat.JUnitXml),
        ("jest/jest-junit.xml", TestReportFormat.JUnitXml),
        ("jest/jest-junit-options.xml", TestReportFormat.JUnitXml),
        ("junit5/TEST-junit-jupiter.xml", TestReportFormat.JUnitXml),
        ("junit5/TEST-junit-vintage.xml", TestReportFormat.JUnitXml),
        ("phpunit/phpunit-junit.xml", TestReportFormat.JUnitXml),
        ("rspec/rspec-junit.xml", TestReportFormat.JUnitXml),
        ("handwritten/surefire-flaky.xml", TestReportFormat.JUnitXml),
        ("handwritten/ant-junit.xml", TestReportFormat.JUnitXml),
        ("dotnet/dotnet-vstest.trx", TestReportFormat.Trx),
        ("dotnet/dotnet-mtp.trx", TestReportFormat.Trx),
        ("handwritten/mstest-data-driven.trx", TestReportFormat.Trx),
        ("node-tap/node-tap.tap", TestReportFormat.Tap),
        ("handwritten/tap14-subtests.tap", TestReportFormat.Tap),
        ("go/go-test.jsonl", TestReportFormat.GoTestJson),
        ("go/go-bench.jsonl", TestReportFormat.GoTestJson),
    ];

    public static TheoryData<string, TestReportFormat> Reports => new(Corpus.Select(report => (report.File, report.Format)));

    public static TheoryData<string> JUnitReports => Of(TestReportFormat.JUnitXml);

    public static TheoryData<string> TrxReports => Of(TestReportFormat.Trx);

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Report_IsDetectedAndParsed_AsItsReviewedModel(string file, TestReportFormat format)
    {
        var path = ResultsTestKit.Golden(file);
        await using (var stream = File.OpenRead(path))
        {
            (await TestReportReader.DetectAsync(stream, file, TestContext.Current.CancellationToken)).ShouldBe(format);
        }

        var actual = ResultsTestKit.Json(await ResultsTestKit.ReadGoldenAsync(file));

        var expectedFile = file + ".expected.json";
        if (Environment.GetEnvironmentVariable("LIGHTNING_GOLDEN_UPDATE") == "1")
        {
            await File.WriteAllTextAsync(Path.Combine(ResultsTestKit.SourceGoldenDirectory(), expectedFile), actual + "\n", TestContext.Current.CancellationToken);
            return;
        }

        var expected = await File.ReadAllTextAsync(ResultsTestKit.Golden(expectedFile), TestContext.Current.CancellationToken);
        ResultsTestKit.ShouldBeSameJson(actual, expected.TrimEnd('\n'));
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Report_SurvivesTheJsonEventStream(string file, TestReportFormat format)
    {
        _ = format;
        var run = await ResultsTestKit.ReadGoldenAsync(file);

        var stream = await ResultsTestKit.WriteAsync(new TestEventStreamWriter(), run);
        var back = await ResultsTestKit.ParseAsync(new TestEventStreamReader(), stream);

        back.ShouldBeSameRunAs(run);
    }

    [Theory]
    [MemberData(nameof(JUnitReports))]
    public async Task JUnitReport_SurvivesJUnitExport(string file)
    {
        var run = await ResultsTestKit.ReadGoldenAsync(file);

        var xml = await ResultsTestKit.WriteAsync(new JUnitXmlWriter(), run);
        var back = await ResultsTestKit.ParseAsync(new JUnitXmlParser(), xml);

        back.ShouldBeSameRunAs(run);
    }

    [Theory]
    [MemberData(nameof(TrxReports))]
    public async Task TrxReport_SurvivesTrxExport(string file)
    {
        var run = await ResultsTestKit.ReadGoldenAsync(file);

        var trx = await ResultsTestKit.WriteAsync(new TrxWriter(), run);
        var back = await ResultsTestKit.ParseAsync(new TrxParser(), trx);

        back.ShouldBeSameRunAs(run);
    }

    static TheoryData<string> Of(TestReportFormat format) =>
        new(Corpus.Where(report => report.Format == format).Select(report => report.File));
}
