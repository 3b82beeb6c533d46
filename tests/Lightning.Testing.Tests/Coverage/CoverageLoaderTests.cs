using Lightning.Testing.Coverage;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Coverage;

public sealed class CoverageLoaderTests
{
    [Fact]
    public async Task Load_ReportsOfSeveralFormats_MapsMergesAndFindsFunctions()
    {
        using var temp = new TempDirectory();
        var repository = temp.Combine("repo");
        foreach (var file in Directory.EnumerateFiles(CoverageTestKit.Fixture("python"), "*.py", SearchOption.AllDirectories))
        {
            var target = Path.Combine(repository, Path.GetRelativePath(CoverageTestKit.Fixture("python"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var loaded = await new CoverageLoader(new CoverageReader()).LoadAsync(
            [CoverageTestKit.Golden("python/part-arith.json"), CoverageTestKit.Golden("python/coverage.xml"), CoverageTestKit.Golden("go/cover-set.out")],
            repository,
            TestContext.Current.CancellationToken,
            [new CoveragePathMapping(CoverageTestKit.WorkDirectory("python"), string.Empty)]);

        loaded.Report.Files.Select(file => file.Path).ShouldBe(["calc/__init__.py", "calc/arith.py", "calc/text.py"]);
        // The Go profile names files of a module this repository does not hold.
        loaded.Outside.ShouldBe(["example.com/cov/calc/calc.go", "example.com/cov/text/text.go"]);
        loaded.NotFound.ShouldBeEmpty();
        var arith = loaded.Report.File("calc/arith.py")!;
        arith.Line(5)!.Hits.ShouldBe(2);
        arith.Functions.Select(function => function.Name).ShouldContain("never_called");
        loaded.Report.Origins.Select(origin => origin.Format).ShouldBe([CoverageFormat.CoveragePyJson, CoverageFormat.Cobertura, CoverageFormat.GoProfile]);
    }
}
