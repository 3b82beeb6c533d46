using Lightning.Core.Errors;
using Lightning.Testing.Generation;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Generation;

/// <summary>Generation for a pytest project, on the real python3, pytest and coverage.py of this machine.</summary>
public sealed class TestGeneratorPythonTests
{
    [Fact]
    public async Task GenerateAsync_PythonModule_KeepsTestsThatCompilePassAndAddCoverage()
    {
        using var kit = new GenerationKit();
        GenerationFixtures.Python(kit.Workspace);
        var before = kit.Snapshot();

        var report = await kit.GenerateAsync("calc/parse.py", max: 12);

        report.Language.ShouldBe(GenerationLanguage.Python);
        report.Tried.ShouldBeGreaterThan(4);
        report.Compiled.ShouldBe(report.Tried);
        report.PassedRuns.ShouldBe(report.Tried);
        report.AddedCoverage.ShouldBeGreaterThan(0);
        kit.Snapshot().ShouldBe(before);
        report.Candidates.Where(c => c.Status == CandidateStatus.Kept).ShouldAllBe(c => c.Passes == 5 && c.AddedLines.Count > 0);
        report.Candidates.Where(c => c.Status == CandidateStatus.NoCoverageGain).ShouldAllBe(c => c.Reason!.Contains("already covered"));
        report.CoveredAfter.ShouldBeGreaterThan(report.CoveredBefore);
        report.TestFiles.ShouldBe(["tests/test_parse_generated.py"]);
        // Named after what they pin, with a one-line docstring, and the module's own exception imported by name.
        report.Candidates.Single(c => c.Name == "test_parse_int_empty_string_raises_parse_error").Code.ShouldContain("with pytest.raises(ParseError):");
        report.Candidates[0].Imports.ShouldContain(line => line.StartsWith("from calc.parse import", StringComparison.Ordinal));
        report.Candidates.ShouldContain(c => c.Name == "test_stack_pop_raises_index_error" && c.Status == CandidateStatus.Kept);
        report.Candidates.ShouldContain(c => c.Name == "test_clamp_negative_returns_0" && c.Code.Contains("assert clamp(-7) == 0", StringComparison.Ordinal));
        report.Analyses.ShouldHaveSingleItem().Points.Select(p => p.QualifiedName).ShouldBe(["parse_int", "clamp", "initials", "Stack.push", "Stack.pop"]);
        report.Analyses[0].Points[0].Raises.ShouldBe(["ParseError"]);
        report.Analyses[0].Points[0].Parameters.ShouldHaveSingleItem().Type.ShouldBe("str");
    }

    [Fact]
    public async Task GenerateAsync_ScriptedModel_KeepsItsGoodTestAndCountsTheBrokenAndFailingOnes()
    {
        var answer = System.Text.Json.JsonSerializer.Serialize(new
        {
            tests = new object[]
            {
                new { name = "test_parse_int_negative", function = "parse_int", imports = Array.Empty<string>(),
                      code = "def test_parse_int_negative():\n    \"A leading minus makes the number negative.\"\n    assert parse_int(' -12 ') == -12\n" },
                new { name = "test_broken", function = "clamp", imports = Array.Empty<string>(), code = "def test_broken(:\n    assert clamp(1) == 1\n" },
                new { name = "test_clamp_wrong", function = "clamp", imports = Array.Empty<string>(), code = "def test_clamp_wrong():\n    \"Wrong on purpose.\"\n    assert clamp(50) == 50\n" },
            },
        });
        var chat = new ScriptedChatClient("```json\n" + answer + "\n```");
        using var kit = new GenerationKit(chat: chat);
        GenerationFixtures.Python(kit.Workspace);

        var report = await kit.GenerateAsync("calc/parse.py", max: 12);

        report.ModelUsed.ShouldBeTrue();
        var prompt = chat.Requests.ShouldHaveSingleItem();
        prompt[1].Text.ShouldContain("def parse_int(text: str) -> int:");
        prompt[1].Text.ShouldContain("def test_clamp_inside():");
        var model = report.Candidates.Where(c => c.Origin == CandidateOrigin.Model).ToList();
        model.Count.ShouldBe(3);
        model.Single(c => c.Name == "test_parse_int_negative").Status.ShouldBe(CandidateStatus.Kept);
        var broken = model.Single(c => c.Status == CandidateStatus.FailedToCompile);
        broken.Reason.ShouldStartWith("pytest did not collect it");
        var failing = model.Single(c => c.Name == "test_clamp_wrong");
        failing.Status.ShouldBe(CandidateStatus.FailedRuns);
        failing.Passes.ShouldBe(0);
        failing.Reason!.ShouldContain("passed 0 of 5 runs");
        report.Compiled.ShouldBe(report.Tried - 1);
        report.PassedRuns.ShouldBe(report.Tried - 2);
    }

    [Fact]
    public async Task GenerateAsync_ModelAnswerNotJson_KeepsCharacterisationAndSaysSo()
    {
        using var kit = new GenerationKit(chat: new ScriptedChatClient("Sure! Here are some tests."));
        GenerationFixtures.Python(kit.Workspace);

        var report = await kit.GenerateAsync("calc/parse.py", max: 4);

        report.Candidates.ShouldAllBe(c => c.Origin == CandidateOrigin.Characterisation);
        report.Notes.ShouldContain(note => note.Contains("not JSON", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateAsync_FunctionThatHangs_IsStoppedAndNotPinned()
    {
        using var kit = new GenerationKit();
        GenerationFixtures.Python(kit.Workspace);
        kit.Workspace.Write("repo/calc/spin.py", "def spin(n: int) -> int:\n    while n != 0:\n        pass\n    return n\n");

        var report = await kit.GenerateAsync("calc/spin.py", max: 5);

        // n == 0 returns; every other input hangs, is stopped by the per-call alarm, and is not pinned.
        report.Candidates.ShouldHaveSingleItem().Name.ShouldBe("test_spin_zero_returns_0");
    }

    [Fact]
    public async Task GenerateAsync_AsyncFunctionAndGenerator_ArePinnedWithAsyncioRunAndIslice()
    {
        using var kit = new GenerationKit();
        GenerationFixtures.Python(kit.Workspace);
        kit.Workspace.Write("repo/calc/flow.py", GenerationFixtures.PythonFlow);

        var report = await kit.GenerateAsync("calc/flow.py", max: 12);

        var kept = report.Candidates.Where(c => c.Status == CandidateStatus.Kept).ToList();
        kept.ShouldContain(c => c.Function == "halve" && c.Code.Contains("with pytest.raises(ValueError):\n        asyncio.run(halve(", StringComparison.Ordinal));
        kept.ShouldContain(c => c.Function == "halve" && c.Code.Contains("asyncio.run(halve(0)) == 0", StringComparison.Ordinal));
        // The endless generator is read through islice: its first 20 items are pinned.
        kept.ShouldContain(c => c.Function == "countdown" && c.Code.Contains("list(islice(countdown(", StringComparison.Ordinal));
        kept.ShouldContain(c => c.Code.Contains("list(islice(naturals(), 20)) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]", StringComparison.Ordinal));
        kept.ShouldAllBe(c => c.Passes == 5);
        report.Candidates[0].Imports.ShouldContain("import asyncio");
        report.Candidates[0].Imports.ShouldContain("from itertools import islice");
        report.Notes.ShouldContain(note => note.Contains("ticks is an asynchronous generator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateAsync_UnknownLanguage_NamesTheKnownOnes()
    {
        using var kit = new GenerationKit();
        GenerationFixtures.Python(kit.Workspace);

        var error = await Should.ThrowAsync<LightningException>(() => kit.GenerateAsync(language: "cobol"));

        error.Code.ShouldBe(GenerationLanguages.UnknownCode);
        error.Message.ShouldContain("python, javascript");
    }

    [Theory]
    [InlineData("../outside", null)]
    [InlineData("/etc", null)]
    [InlineData("repo", "../../etc/passwd")]
    public async Task GenerateAsync_PathOutsideTheWorkspace_IsRejected(string repository, string? file)
    {
        using var kit = new GenerationKit();
        GenerationFixtures.Python(kit.Workspace);

        var error = await Should.ThrowAsync<LightningException>(() => kit.GenerateAsync(file, repository: repository));

        error.Code.ShouldBe("workspace.path_rejected");
    }

    [Fact]
    public async Task GenerateAsync_FileWithoutTestPoints_SaysSo()
    {
        using var kit = new GenerationKit();
        GenerationFixtures.Python(kit.Workspace);
        kit.Workspace.Write("repo/calc/constants.py", "LIMIT = 10\n\n\ndef _private(x):\n    return x\n");

        var error = await Should.ThrowAsync<LightningException>(() => kit.GenerateAsync("calc/constants.py"));

        error.Code.ShouldBe(TestGenerator.NoTestPointsCode);
        error.Message.ShouldBe("'calc/constants.py' has no test points: no public functions or methods were found in it.");
    }

    [Fact]
    public async Task GenerateAsync_MaxOutOfRange_IsAValidationError()
    {
        using var kit = new GenerationKit();
        GenerationFixtures.Python(kit.Workspace);

        var error = await Should.ThrowAsync<ValidationFailedException>(() => kit.GenerateAsync(max: 0));

        error.Errors.ShouldContainKey("max");
    }
}
