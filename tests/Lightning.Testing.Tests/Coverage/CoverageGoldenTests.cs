using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Sources;
using Lightning.Testing.Tests.Results;

namespace Lightning.Testing.Tests.Coverage;

/// <summary>
/// The golden coverage corpus: reports written by the real tools on this machine from the fixture projects (see
/// Golden/coverage/*/regenerate.sh). Each is detected, parsed, mapped onto its fixture and compared with its reviewed
/// snapshot (*.expected.json); the comparisons with each tool's own summary are in <see cref="CoverageToolSummaryTests"/>.
/// Set LIGHTNING_GOLDEN_UPDATE=1 to rewrite the snapshots after regenerating the reports, then review the diff.
/// </summary>
public sealed class CoverageGoldenTests
{
    internal static readonly (string File, CoverageFormat Format)[] Corpus =
    [
        ("python/coverage.json", CoverageFormat.CoveragePyJson),
        ("python/coverage.xml", CoverageFormat.Cobertura),
        ("python/coverage.lcov", CoverageFormat.Lcov),
        ("python/part-arith.json", CoverageFormat.CoveragePyJson),
        ("python/part-text.json", CoverageFormat.CoveragePyJson),
        ("python/combined.json", CoverageFormat.CoveragePyJson),
        ("jest/lcov.info", CoverageFormat.Lcov),
        ("jest/cobertura-coverage.xml", CoverageFormat.Cobertura),
        ("jest/clover.xml", CoverageFormat.Clover),
        ("go/cover-set.out", CoverageFormat.GoProfile),
        ("go/cover-count.out", CoverageFormat.GoProfile),
        ("go/cover-atomic.out", CoverageFormat.GoProfile),
        ("jacoco/jacoco.xml", CoverageFormat.JaCoCo),
        ("simplecov/resultset.json", CoverageFormat.SimpleCov),
        ("phpunit/clover.xml", CoverageFormat.Clover),
        ("phpunit/cobertura.xml", CoverageFormat.Cobertura),
        ("coverlet/coverlet.cobertura.xml", CoverageFormat.Cobertura),
        ("coverlet/coverlet.info", CoverageFormat.Lcov),
    ];

    public static TheoryData<string, CoverageFormat> Reports => new(Corpus.Select(report => (report.File, report.Format)));

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Report_IsDetectedParsedAndMapped_AsItsReviewedSnapshot(string file, CoverageFormat format)
    {
        await using (var stream = File.OpenRead(CoverageTestKit.Golden(file)))
        {
            (await CoverageReader.DetectAsync(stream, file, TestContext.Current.CancellationToken)).ShouldBe(format);
        }

        var mapped = await CoverageTestKit.ReadMappedAsync(file);
        var withFunctions = await SourceFunctions.AddAsync(mapped.Report, new RepositorySources(CoverageTestKit.Fixture(CoverageTestKit.ToolOf(file))), TestContext.Current.CancellationToken);
        var actual = (await CoverageTestKit.JsonAsync(withFunctions)).TrimEnd('\n');

        var expectedFile = file + ".expected.json";
        if (Environment.GetEnvironmentVariable("LIGHTNING_GOLDEN_UPDATE") == "1")
        {
            await File.WriteAllTextAsync(Path.Combine(CoverageTestKit.SourceGoldenDirectory(), expectedFile), actual + "\n", TestContext.Current.CancellationToken);
            return;
        }

        var expected = await File.ReadAllTextAsync(CoverageTestKit.Golden(expectedFile), TestContext.Current.CancellationToken);
        ResultsTestKit.ShouldBeSameJson(actual, expected.TrimEnd('\n'));
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Report_EveryFileIsPlacedInItsFixture(string file, CoverageFormat format)
    {
        _ = format;
        var mapped = await CoverageTestKit.ReadMappedAsync(file);

        mapped.Outside.ShouldBeEmpty();
        mapped.Report.Files.ShouldNotBeEmpty();
        if (CoverageTestKit.ToolOf(file) == "coverlet")
        {
            // The C# fixture's files end in .fixture so that the solution never builds them: kept, but not found.
            mapped.NotFound.ShouldBe(["Arith/Calc.cs"]);
        }
        else
        {
            mapped.NotFound.ShouldBeEmpty();
            mapped.Report.Files.ShouldAllBe(coverage => File.Exists(Path.Combine(CoverageTestKit.Fixture(CoverageTestKit.ToolOf(file)), coverage.Path)));
        }
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Report_SurvivesTheLightningJson(string file, CoverageFormat format)
    {
        _ = format;
        var report = (await CoverageTestKit.ReadMappedAsync(file)).Report;

        var json = await CoverageTestKit.JsonAsync(report);
        var back = await CoverageTestKit.ParseAsync(new Lightning.Testing.Coverage.Formats.LightningCoverageJsonParser(), json);

        CoverageSniffer.Detect(json).ShouldBe(CoverageFormat.LightningJson);
        (await CoverageTestKit.JsonAsync(back)).ShouldBe(json);
    }
}
