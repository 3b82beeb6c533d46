using Lightning.Core.Errors;
using Lightning.Testing.Generation;
using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Generation;

public sealed class TestGenerationWriterTests
{
    static TestCandidate Candidate(string id, string target, string name) => new()
    {
        Id = id,
        Origin = CandidateOrigin.Characterisation,
        Target = target,
        Name = name,
        Code = $"def {name}():\n    \"Pins it.\"\n    assert clamp(1) == 1\n",
        Imports = ["import pytest", "from calc.parse import clamp"],
        Status = CandidateStatus.Kept,
    };

    [Fact]
    public async Task WriteAsync_KeptTests_OneNewFilePerTargetNeverOverwriting()
    {
        using var workspace = new FixtureWorkspace();
        GenerationFixtures.Python(workspace);
        workspace.Write("repo/tests/test_parse_generated.py", "# an earlier generation\n");

        var written = await TestGenerationWriter.WriteAsync(workspace.Workspace, "repo", GenerationLanguage.Python,
            [Candidate("c1", "calc/parse.py", "test_a"), Candidate("c2", "calc/parse.py", "test_b")], TestContext.Current.CancellationToken);

        written.ShouldBe(["tests/test_parse_generated_2.py"]);
        File.ReadAllText(workspace.Full("repo/tests/test_parse_generated.py")).ShouldBe("# an earlier generation\n");
        var text = File.ReadAllText(workspace.Full("repo/tests/test_parse_generated_2.py"));
        text.Split('\n').Count(line => line == "from calc.parse import clamp").ShouldBe(1);
        text.ShouldContain("def test_a():");
        text.ShouldContain("def test_b():");
        Directory.EnumerateFiles(workspace.Full("repo/tests"), "*.tmp", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task WriteAsync_TargetOutsideTheRepository_WritesNothing()
    {
        using var workspace = new FixtureWorkspace();
        GenerationFixtures.Python(workspace);
        var before = Directory.EnumerateFiles(workspace.Workspace.Root, "*", SearchOption.AllDirectories).Count();

        var error = await Should.ThrowAsync<LightningException>(() => TestGenerationWriter.WriteAsync(workspace.Workspace, "repo", GenerationLanguage.Python,
            [Candidate("c1", "calc/parse.py", "test_a"), Candidate("c2", "../../elsewhere.py", "test_b")], TestContext.Current.CancellationToken));

        error.Code.ShouldBe("workspace.path_rejected");
        Directory.EnumerateFiles(workspace.Workspace.Root, "*", SearchOption.AllDirectories).Count().ShouldBe(before);
    }

    [Fact]
    public async Task WriteAsync_Nothing_IsAClearError()
    {
        using var workspace = new FixtureWorkspace();

        var error = await Should.ThrowAsync<LightningException>(() =>
            TestGenerationWriter.WriteAsync(workspace.Workspace, "repo", GenerationLanguage.Python, [], TestContext.Current.CancellationToken));

        error.Code.ShouldBe("testing.generation_nothing_to_write");
    }
}
