using Lightning.Core.Errors;
using Lightning.Core.Serialization;
using Lightning.Testing.Detection;
using System.Text.Json;

namespace Lightning.Testing.Tests.Detection;

public sealed class TestFrameworkDetectorTests
{
    [Fact]
    public async Task DetectAsync_MonorepoWithFourFrameworks_FindsEachProjectAtItsRoot()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.Pytest(workspace, "repo/services/api");
        Fixtures.Jest(workspace, "repo/web");
        Fixtures.Go(workspace, "repo/services/gateway");
        Fixtures.JUnitMaven(workspace, "repo/libs/billing");
        workspace.Write("repo/README.md", "# monorepo\n");

        var report = await workspace.DetectAsync();

        report.Repository.ShouldBe("repo");
        report.FullPath.ShouldBe(workspace.Full("repo"));
        report.Truncated.ShouldBeFalse();
        report.Warnings.ShouldBeEmpty();
        report.Projects.Select(project => (project.Root, project.Name)).ShouldBe(
        [
            ("libs/billing", "junit5"),
            ("services/api", "pytest"),
            ("services/gateway", "go-test"),
            ("web", "jest"),
        ]);
        report.Projects.ShouldAllBe(project => project.TestFileCount == 1 && project.Evidence.Count > 0 && project.Command.Count > 0);
        // Evidence paths are relative to the repository, so a user can open them.
        report.Projects[1].Evidence.ShouldContain(new DetectionEvidence("services/api/pytest.ini", "pytest configuration file"));
    }

    [Fact]
    public async Task DetectAsync_TestsInsideIgnoredFolders_AreNotDetected()
    {
        using var workspace = new FixtureWorkspace();
        workspace.Write("repo/README.md");
        foreach (var ignored in (string[])["node_modules/lib", ".git/hooks", "vendor/acme", "bin/Debug", "obj", "target", "build", ".venv/lib", "dist", "pkg/__pycache__"])
        {
            workspace
                .Write($"repo/{ignored}/test_thing.py", "def test(): pass\n")
                .Write($"repo/{ignored}/go.mod", "module x\n").Write($"repo/{ignored}/x_test.go")
                .Write($"repo/{ignored}/package.json", """{ "devDependencies": { "jest": "1" } }""")
                .Write($"repo/{ignored}/spec/x_spec.rb")
                .Write($"repo/{ignored}/Y.Tests.csproj", "<Project><ItemGroup><PackageReference Include=\"xunit\" /></ItemGroup></Project>");
        }

        var report = await workspace.DetectAsync();

        report.Projects.ShouldBeEmpty();
        report.FilesScanned.ShouldBe(1);
    }

    [Fact]
    public async Task DetectAsync_RepositoryPathOutsideTheWorkspace_IsRefused()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.Pytest(workspace, "repo");
        File.WriteAllText(Path.Combine(workspace.Outside, "test_secret.py"), "def test(): pass\n");

        foreach (var path in (string[])["../outside", workspace.Outside, "repo/../../outside", "/etc"])
        {
            var error = await Should.ThrowAsync<LightningException>(() => workspace.DetectAsync(path));
            error.Code.ShouldBe("workspace.path_rejected");
            error.Message.ShouldContain("leads outside the workspace");
        }
    }

    [Fact]
    public async Task DetectAsync_SymbolicLinkEscapingTheWorkspace_IsRefusedAsTheRepositoryAndNotFollowedInside()
    {
        using var workspace = new FixtureWorkspace();
        Directory.CreateDirectory(Path.Combine(workspace.Outside, "tests"));
        File.WriteAllText(Path.Combine(workspace.Outside, "pytest.ini"), "[pytest]\n");
        File.WriteAllText(Path.Combine(workspace.Outside, "tests", "test_secret.py"), "def test(): pass\n");
        Directory.CreateSymbolicLink(workspace.Full("escape"), workspace.Outside);
        Fixtures.Go(workspace, "repo");
        Directory.CreateSymbolicLink(workspace.Full("repo/linked"), workspace.Outside);
        File.CreateSymbolicLink(workspace.Full("repo/pytest.ini"), Path.Combine(workspace.Outside, "pytest.ini"));

        var error = await Should.ThrowAsync<LightningException>(() => workspace.DetectAsync("escape"));
        error.Code.ShouldBe("workspace.path_rejected");
        error.Message.ShouldContain("symbolic link");

        var report = await workspace.DetectAsync();
        report.Projects.ShouldHaveSingleItem().Framework.ShouldBe(TestFramework.GoTest);
    }

    [Fact]
    public async Task DetectAsync_MissingDirectoryOrAFile_IsNotFound()
    {
        using var workspace = new FixtureWorkspace();
        workspace.Write("notes.txt", "x");

        (await Should.ThrowAsync<LightningException>(() => workspace.DetectAsync("nope"))).Code.ShouldBe("testing.repository_not_found");
        var file = await Should.ThrowAsync<LightningException>(() => workspace.DetectAsync("notes.txt"));
        file.Code.ShouldBe("testing.repository_not_found");
        file.Kind.ShouldBe(ErrorKind.NotFound);
        file.Message.ShouldContain("is a file");
    }

    [Fact]
    public async Task DetectAsync_WorkspaceRootItself_IsARepository()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.Rspec(workspace, ".");

        var report = await workspace.DetectAsync(".");

        report.Repository.ShouldBe(".");
        report.Projects.ShouldHaveSingleItem().Root.ShouldBe(".");
    }

    [Fact]
    public async Task DetectAsync_DepthBound_StopsAndSays()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.Go(workspace, "repo/a/b/c/d");
        Fixtures.Go(workspace, "repo/shallow");

        var report = await workspace.DetectAsync(options: new TestDetectionOptions { MaxDepth = 3 });

        report.Truncated.ShouldBeTrue();
        report.Warnings.ShouldContain("Stopped at depth 3: 'a/b/c/d' and below were not read.");
        report.Projects.ShouldHaveSingleItem().Root.ShouldBe("shallow");
    }

    [Fact]
    public async Task DetectAsync_FileBound_StopsAndSays()
    {
        using var workspace = new FixtureWorkspace();
        for (var i = 0; i < 30; i++)
        {
            workspace.Write($"repo/a/file{i:D2}.txt");
        }

        Fixtures.Go(workspace, "repo/z");

        var report = await workspace.DetectAsync(options: new TestDetectionOptions { MaxFiles = 20 });

        report.Truncated.ShouldBeTrue();
        report.FilesScanned.ShouldBe(20);
        report.Warnings.ShouldContain("Stopped after 20 files: the rest of the repository was not read.");
        report.Projects.ShouldBeEmpty();
    }

    [Fact]
    public async Task DetectAsync_Report_SerializesWithFrameworkNamesAndArgumentLists()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.Go(workspace, "repo");

        var report = await workspace.DetectAsync();
        var json = JsonSerializer.SerializeToElement(report, LightningJson.Options);

        var project = json.GetProperty("projects")[0];
        project.GetProperty("framework").GetString().ShouldBe("go-test");
        project.GetProperty("command").EnumerateArray().Select(item => item.GetString()).ShouldBe(["go", "test", "./..."]);
        project.GetProperty("evidence")[0].GetProperty("file").GetString().ShouldBe("go.mod");
    }

    [Fact]
    public async Task DetectAsync_Cancelled_Throws()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.Go(workspace, "repo");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => FixtureWorkspace.Detector().DetectAsync(workspace.Workspace, "repo", cancelled.Token));
    }
}
