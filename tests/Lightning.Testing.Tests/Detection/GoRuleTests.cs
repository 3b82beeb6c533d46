using Lightning.Testing.Detection;

namespace Lightning.Testing.Tests.Detection;

public sealed class GoRuleTests
{
    [Fact]
    public async Task Detect_ModuleWithTests_NamesTheModuleAndCountsTestFiles()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.Go(workspace, "repo");
        workspace.Write("repo/internal/parse/parse_test.go").Write("repo/testdata/fixture_test.go").Write("repo/_old/old_test.go");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Framework.ShouldBe(TestFramework.GoTest);
        project.Name.ShouldBe("go-test");
        project.Language.ShouldBe("Go");
        project.Evidence.ShouldBe(
        [
            new DetectionEvidence("go.mod", "Go module example.com/calc"),
            new DetectionEvidence("calc_test.go", "one of 2 *_test.go files"),
        ]);
        // testdata and _old are ignored by the go tool, so they are not counted.
        project.TestFileCount.ShouldBe(2);
        project.Command.ShouldBe(["go", "test", "./..."]);
    }

    [Fact]
    public async Task Detect_NestedModule_IsAProjectOfItsOwn()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.Go(workspace, "repo");
        Fixtures.Go(workspace, "repo/tools/gen");

        var projects = (await workspace.DetectAsync()).Projects;

        projects.Select(project => (project.Root, project.TestFileCount)).ShouldBe([(".", 1), ("tools/gen", 1)]);
    }

    [Fact]
    public async Task Detect_ModuleWithoutTestsOrTestsWithoutModule_IsNotAProjectAndTheLatterIsWarned()
    {
        using var workspace = new FixtureWorkspace();
        workspace.Write("repo/lib/go.mod", "module example.com/lib\n").Write("repo/lib/lib.go").Write("repo/scripts/check_test.go");

        var report = await workspace.DetectAsync();

        report.Projects.ShouldBeEmpty();
        report.Warnings.ShouldHaveSingleItem().ShouldContain("'scripts/check_test.go': go test cannot run them");
    }
}
