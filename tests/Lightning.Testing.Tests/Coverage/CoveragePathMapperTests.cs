using Lightning.Testing.Coverage;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Coverage;

public sealed class CoveragePathMapperTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public CoveragePathMapperTests()
    {
        Write("repo/src/calc.py");
        Write("repo/src/pkg/util.py");
        Write("repo/lib/util.py");
        Write("repo/main.py");
        Write("repo/services/api/go.mod", "module example.com/api\n\ngo 1.19\n");
        Write("repo/services/api/handlers/h.go");
        Write("repo/go.mod", "// the root module\nmodule \"example.com/root\"\n");
        Write("repo/cmd/tool.go");
        Write("repo/java/src/main/java/com/example/Calc.java");
        Write("repo/node_modules/dep/index.js");
        Write("outside/secret.py");
    }

    string Root => _temp.Combine("repo");

    [Fact]
    public void Map_AbsolutePathsInTheRepository_BecomeRelative()
    {
        var result = Map([$"{Root}/src/calc.py", $"{Root}/src/../main.py"]);

        result.Report.Files.Select(file => file.Path).ShouldBe(["main.py", "src/calc.py"]);
        result.NotFound.ShouldBeEmpty();
        result.Outside.ShouldBeEmpty();
    }

    [Fact]
    public void Map_RelativeToASourceRoot_IsJoinedWithIt()
    {
        // coverage.py's Cobertura: <source>/repo/src</source>, filename "calc.py"; coverlet: <source>/</source>.
        var report = Report(["calc.py", Root.TrimStart('/') + "/main.py"]) with { SourceRoots = [Root + "/src", "/"] };

        var result = new CoveragePathMapper(Root).Map(report);

        result.Report.Files.Select(file => file.Path).ShouldBe(["main.py", "src/calc.py"]);
        result.Report.SourceRoots.ShouldBeEmpty();
    }

    [Fact]
    public void Map_PrefixMappings_ComeFirst()
    {
        var result = Map(["/app/src/calc.py", "C:\\build\\lib\\util.py"], [new CoveragePathMapping("/app/", string.Empty), CoveragePathMapping.Parse("C:/build=")]);

        result.Report.Files.Select(file => file.Path).ShouldBe(["lib/util.py", "src/calc.py"]);
    }

    [Fact]
    public void Map_GoImportPaths_GoThroughTheModulesGoMod()
    {
        var result = Map(["example.com/api/handlers/h.go", "example.com/root/cmd/tool.go"]);

        result.Report.Files.Select(file => file.Path).ShouldBe(["cmd/tool.go", "services/api/handlers/h.go"]);
    }

    [Fact]
    public void Map_GoImportPathsOfAnotherModule_AreOutside()
    {
        var report = Report(["example.com/api/handlers/h.go", "github.com/other/lib/x.go"]) with { Origins = [new CoverageOrigin(CoverageFormat.GoProfile, "cover.out", null)] };

        var result = new CoveragePathMapper(Root).Map(report);

        result.Report.Files.ShouldHaveSingleItem().Path.ShouldBe("services/api/handlers/h.go");
        result.Outside.ShouldBe(["github.com/other/lib/x.go"]);
        result.NotFound.ShouldBeEmpty();
    }

    [Fact]
    public void Map_SourceRootRelativePaths_AreFoundByTheirUniqueSuffix()
    {
        // JaCoCo names files by package; another machine's absolute path keeps enough of the tail.
        var result = Map(["com/example/Calc.java", "/home/ci/build/checkout/src/pkg/util.py"]);

        result.Report.Files.Select(file => file.Path).ShouldBe(["java/src/main/java/com/example/Calc.java", "src/pkg/util.py"]);
    }

    [Fact]
    public void Map_AmbiguousSuffix_IsNotGuessed()
    {
        // util.py is both src/pkg/util.py and lib/util.py.
        var result = Map(["/elsewhere/util.py", "util.py"]);

        result.Outside.ShouldBe(["/elsewhere/util.py"]);
        result.NotFound.ShouldBe(["util.py"]);
        result.Report.Files.ShouldHaveSingleItem().Path.ShouldBe("util.py");
    }

    [Fact]
    public void Map_ForeignAbsolutePath_TrustsABareFileNameOnlyAtTheTop()
    {
        var result = Map(["/ci/work/main.py", "/usr/lib/python3/calc.py"]);

        result.Report.Files.ShouldHaveSingleItem().Path.ShouldBe("main.py");
        result.Outside.ShouldBe(["/usr/lib/python3/calc.py"]);
    }

    [Fact]
    public void Map_PathsLeavingTheRepository_AreLeftOut()
    {
        var result = Map([$"{Root}/../outside/secret.py", "../outside/secret.py", "/etc/passwd"]);

        result.Report.Files.ShouldBeEmpty();
        result.Outside.ShouldBe(["../outside/secret.py", "/etc/passwd", $"{Root}/../outside/secret.py"]);
    }

    [Fact]
    public void Map_FileMissingFromTheRepository_IsKeptAndListed()
    {
        var result = Map([$"{Root}/src/deleted.py", "generated/api.py"]);

        result.NotFound.ShouldBe(["generated/api.py", "src/deleted.py"]);
        result.Report.Files.Select(file => file.Path).ShouldBe(["generated/api.py", "src/deleted.py"]);
    }

    [Fact]
    public void Map_TwoNamesOfOneFile_AreCombinedAsOneRun()
    {
        var report = CoverageReport.Build(
            [
                FileCoverage.Build($"{Root}/src/calc.py", [new LineCoverage(1, 1), new LineCoverage(2, 0)], [], CoverageCombine.Max),
                FileCoverage.Build("src/calc.py", [new LineCoverage(1, 1), new LineCoverage(2, 3)], [], CoverageCombine.Max),
            ],
            CoverageCombine.Max,
            []);

        var file = new CoveragePathMapper(Root).Map(report).Report.Files.ShouldHaveSingleItem();

        file.Lines.Select(line => (line.Number, line.Hits)).ShouldBe([(1, 1L), (2, 3L)]);
    }

    [Fact]
    public void MapPath_OnePath()
    {
        var mapper = new CoveragePathMapper(Root);

        mapper.MapPath($"{Root}/src/calc.py").ShouldBe("src/calc.py");
        mapper.MapPath("calc.py", [Root + "/src"]).ShouldBe("src/calc.py");
        mapper.MapPath("/nowhere/x.py").ShouldBeNull();
    }

    [Theory]
    [InlineData("no-equals")]
    [InlineData("=src")]
    public void PathMapping_WithoutFrom_IsRejected(string text) =>
        Should.Throw<Lightning.Core.Errors.LightningException>(() => CoveragePathMapping.Parse(text)).Code.ShouldBe("testing.coverage_path_mapping_invalid");

    public void Dispose() => _temp.Dispose();

    CoverageMappingResult Map(IEnumerable<string> paths, IReadOnlyList<CoveragePathMapping>? mappings = null) =>
        new CoveragePathMapper(Root, mappings).Map(Report(paths));

    static CoverageReport Report(IEnumerable<string> paths) =>
        CoverageReport.Build(paths.Select(path => FileCoverage.Build(path, [new LineCoverage(1, 1)], [], CoverageCombine.Max)), CoverageCombine.Max, []);

    void Write(string path, string content = "")
    {
        var full = _temp.Combine(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }
}
