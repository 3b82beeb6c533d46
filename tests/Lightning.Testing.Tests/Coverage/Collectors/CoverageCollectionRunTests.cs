using Lightning.Core.Processes;
using Lightning.Core.Workspaces;
using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Collectors;
using Lightning.Testing.Tests.Detection;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Coverage.Collectors;

/// <summary>
/// Each framework's coverage collection, run for real once: the golden fixture project is copied into a workspace,
/// detected, its toolchain resolved, then the collection's files, steps and command run as a runner would run them.
/// The report it leaves is read and mapped onto the copy, and must cover exactly what the golden report of the same
/// fixture covers (made by regenerate.sh with the same tool).
/// </summary>
public sealed class CoverageCollectionRunTests
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("python", "python/coverage.json")]
    [InlineData("go", "go/cover-count.out")]
    [InlineData("jacoco", "jacoco/jacoco.xml")]
    [InlineData("simplecov", "simplecov/resultset.json")]
    [InlineData("phpunit", "phpunit/clover.xml")]
    public async Task Collect_Fixture_CoversWhatTheGoldenRunCovered(string tool, string golden)
    {
        var (report, _, _) = await CollectAsync(tool, Toolchain.Path);

        await ShouldCoverAsGoldenAsync(report, golden);
    }

    [Fact]
    public async Task Collect_Pytest_RecordsWhichTestRanEachLine()
    {
        var (report, collection, _) = await CollectAsync("python", Toolchain.Path);

        collection.Format.ShouldBe(CoverageFormat.CoveragePyJson);
        var arith = report.File("calc/arith.py")!;
        arith.Line(5)!.Contexts.ShouldBe(["tests.test_arith.test_add"]);
        arith.Line(34)!.Contexts.ShouldBe(["tests.test_arith.test_accumulator"]);
        // The collection measures the whole project, the tests included.
        report.File("tests/test_arith.py")!.Totals.LinesCovered.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Collect_Jest()
    {
        var jestBin = Toolchain.JestBinDirectory();

        var (report, _, _) = await CollectAsync("jest", jestBin + Path.PathSeparator + Toolchain.Path);

        await ShouldCoverAsGoldenAsync(report, "jest/lcov.info");
    }

    [Fact]
    public async Task Collect_DotnetWithCoverlet()
    {
        var (report, _, reports) = await CollectAsync("coverlet", Toolchain.Path, TimeSpan.FromMinutes(5));

        // coverlet names the directory after its run: <run id>/coverage.cobertura.xml.
        reports.ShouldHaveSingleItem().ShouldMatch(@"^[0-9a-f-]{36}/coverage\.cobertura\.xml$");
        var file = report.Files.ShouldHaveSingleItem();
        file.Path.ShouldBe("Arith/Calc.cs");
        var golden = (await CoverageTestKit.ReadMappedAsync("coverlet/coverlet.cobertura.xml")).Report.Files.Single();
        file.Split().Covered.ShouldBe(golden.Split().Covered);
        file.Split().Missed.ShouldBe(golden.Split().Missed);
    }

    static async Task ShouldCoverAsGoldenAsync(CoverageReport report, string golden)
    {
        var expected = (await CoverageTestKit.ReadMappedAsync(golden)).Report;
        foreach (var file in expected.Files)
        {
            var collected = report.File(file.Path).ShouldNotBeNull(file.Path);
            collected.Split().Covered.ShouldBe(file.Split().Covered, file.Path);
            collected.Split().Missed.ShouldBe(file.Split().Missed, file.Path);
            collected.Lines.Select(line => (line.Number, line.BranchesCovered, line.BranchesTotal))
                .ShouldBe(file.Lines.Select(line => (line.Number, line.BranchesCovered, line.BranchesTotal)), file.Path);
        }
    }

    /// <summary>Copies the fixture, detects its project, runs the collection the way a runner would, and reads the report.</summary>
    static async Task<(CoverageReport Report, CoverageCollection Collection, IReadOnlyList<string> Reports)> CollectAsync(string tool, string searchPath, TimeSpan? timeout = null)
    {
        using var temp = new TempDirectory();
        var workspace = new Workspace(temp.Combine("workspace"));
        var repository = Path.Combine(workspace.Root, "repo");
        Copy(CoverageTestKit.Fixture(tool), repository);
        var detection = await FixtureWorkspace.Detector().DetectAsync(workspace, "repo", Cancellation);
        var project = detection.Projects.ShouldHaveSingleItem();
        var toolchain = await Toolchain.Probe(searchPath).ProbeAsync(detection, project, Cancellation);
        toolchain.ThrowIfNotReady();
        var directory = Path.Combine(detection.FullPath, project.Root);
        var resolved = project with { Command = toolchain.Resolve(project.Command) };
        var collection = CoverageCollectors.For(resolved, directory, temp.Combine("coverage"));

        Directory.CreateDirectory(collection.OutputDirectory);
        foreach (var file in collection.Files)
        {
            await File.WriteAllTextAsync(file.Path, file.Content, Cancellation);
        }

        foreach (var step in project.Preparation)
        {
            await RunAsync(toolchain.Resolve(step), directory, searchPath, collection, timeout, mustSucceed: true);
        }

        foreach (var step in collection.Before)
        {
            await RunAsync(step.Command, step.WorkingDirectory ?? directory, searchPath, collection, timeout, mustSucceed: true);
        }

        // The fixtures' tests all pass: a failing command here is a broken collection.
        await RunAsync(collection.Command, directory, searchPath, collection, timeout, mustSucceed: true);
        foreach (var step in collection.After)
        {
            await RunAsync(step.Command, step.WorkingDirectory ?? directory, searchPath, collection, timeout, mustSucceed: true);
        }

        var reports = collection.FindReports();
        reports.ShouldNotBeEmpty($"no {collection.Report} in {collection.OutputDirectory}");
        var loaded = await new CoverageLoader(new CoverageReader()).LoadAsync(reports, detection.FullPath, Cancellation);
        loaded.Outside.ShouldBeEmpty();
        loaded.NotFound.ShouldBeEmpty();
        return (loaded.Report, collection, [.. reports.Select(report => Path.GetRelativePath(collection.OutputDirectory, report))]);
    }

    static async Task RunAsync(IReadOnlyList<string> command, string directory, string searchPath, CoverageCollection collection, TimeSpan? timeout, bool mustSucceed)
    {
        var environment = new Dictionary<string, string>(collection.Environment, StringComparer.Ordinal) { ["PATH"] = searchPath };
        var result = await Toolchain.Runner.RunAsync(
            new ProcessSpec(command[0], [.. command.Skip(1)]) { WorkingDirectory = directory, Environment = environment, Timeout = timeout ?? TimeSpan.FromMinutes(3) },
            onOutput: null,
            Cancellation);
        if (mustSucceed)
        {
            result.Succeeded.ShouldBeTrue($"{string.Join(' ', command)}\n{result.Output}");
        }
    }

    /// <summary>The fixture as a project: files ending in .fixture (the C# ones, so that the solution never builds them) lose the suffix.</summary>
    static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.EndsWith(".fixture", StringComparison.Ordinal))
            {
                relative = CSharpLayout(relative[..^".fixture".Length]);
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    // The coverlet fixture is flat; its regenerate.sh lays it out as a library and its test project.
    static string CSharpLayout(string name) => name switch
    {
        "Arith.csproj" or "Calc.cs" => Path.Combine("Arith", name),
        _ => Path.Combine("Arith.Tests", name),
    };
}
