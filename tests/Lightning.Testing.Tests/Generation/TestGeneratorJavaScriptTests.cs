using Lightning.Testing.Generation;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Generation;

/// <summary>Generation for a Jest project, on the real node and jest (LIGHTNING_TEST_JEST_BIN).</summary>
public sealed class TestGeneratorJavaScriptTests
{
    [Fact]
    public async Task GenerateAsync_CommonJsModule_KeepsTestsThatCompilePassAndAddCoverage()
    {
        using var kit = GenerationKit.WithJest();
        GenerationFixtures.JavaScript(kit.Workspace);
        var before = kit.Snapshot();

        var report = await kit.GenerateAsync("src/calc.js", max: 10);

        report.Language.ShouldBe(GenerationLanguage.JavaScript);
        report.Tried.ShouldBeGreaterThan(4);
        report.Compiled.ShouldBe(report.Tried);
        report.PassedRuns.ShouldBe(report.Tried);
        report.AddedCoverage.ShouldBeGreaterThan(0);
        kit.Snapshot().ShouldBe(before);
        report.TestFiles.ShouldBe(["test/calc.generated.test.js"]);
        report.Candidates.ShouldContain(c => c.Name == "Stack.pop throws Error" && c.Status == CandidateStatus.Kept);
        report.Candidates.ShouldContain(c => c.Name == "parseInt10 with empty string throws RangeError" && c.Code.Contains("toThrow(RangeError)", StringComparison.Ordinal));
        report.Candidates[0].Imports.ShouldBe(["const { parseInt10, clamp, Stack } = require('../src/calc');"]);
        var points = report.Analyses.ShouldHaveSingleItem().Points;
        points.Select(p => p.QualifiedName).ShouldBe(["parseInt10", "clamp", "Stack.push", "Stack.pop"]);
        points[0].Parameters.ShouldHaveSingleItem().Type.ShouldBe("string");
        points[0].Raises.ShouldBe(["TypeError", "RangeError"]);
        points[1].Parameters.Select(p => p.Default).ShouldBe([null, "0", "10"]);
    }

    [Fact]
    public async Task GenerateAsync_ScriptedModel_ParseErrorIsCountedAsNotCompiling()
    {
        var answer = """
            {"tests":[
              {"name":"clamp keeps a value above low","function":"clamp","imports":[],"code":"/** Above low. */\ntest('clamp keeps a value above low', () => {\n  expect(clamp(3, 1, 5)).toBe(3);\n});"},
              {"name":"broken","function":"clamp","imports":[],"code":"test('broken', () => { expect(clamp(1).toBe(1); });"}
            ]}
            """;
        using var kit = GenerationKit.WithJest(new ScriptedChatClient(answer));
        GenerationFixtures.JavaScript(kit.Workspace);

        var report = await kit.GenerateAsync("src/calc.js", max: 8);

        var model = report.Candidates.Where(c => c.Origin == CandidateOrigin.Model).ToList();
        model.Count.ShouldBe(2);
        model.Single(c => c.Name == "broken").Status.ShouldBe(CandidateStatus.FailedToCompile);
        model.Single(c => c.Name == "broken").Reason!.ShouldStartWith("node cannot parse it: SyntaxError");
        model.Single(c => c.Name == "clamp keeps a value above low").Passes.ShouldBe(5);
    }

    [Fact]
    public async Task GenerateAsync_EsModule_ImportsItAndRunsJestWithVmModules()
    {
        using var kit = GenerationKit.WithJest();
        GenerationFixtures.Esm(kit.Workspace);
        var before = kit.Snapshot();

        var report = await kit.GenerateAsync("src/calc.js", max: 12);

        kit.Snapshot().ShouldBe(before);
        report.Language.ShouldBe(GenerationLanguage.JavaScript);
        report.Analyses.ShouldHaveSingleItem().ModuleKind.ShouldBe("esm");
        report.Candidates[0].Imports.ShouldBe(["import calc, { clamp, shout, spin } from '../src/calc.js';"]);
        report.Compiled.ShouldBe(report.Tried);
        report.PassedRuns.ShouldBe(report.Tried);
        var kept = report.Candidates.Where(c => c.Status == CandidateStatus.Kept).ToList();
        kept.ShouldNotBeEmpty();
        kept.ShouldAllBe(c => c.Passes == 5);
        // The default export under the file's name; the async function awaited, its rejection pinned with rejects.
        kept.ShouldContain(c => c.Code.Contains("calc(", StringComparison.Ordinal) && c.Code.Contains("hello", StringComparison.Ordinal));
        kept.ShouldContain(c => c.Code.Contains("await expect(shout('')).rejects.toThrow(RangeError);", StringComparison.Ordinal));
        report.Candidates.ShouldContain(c => c.Code.Contains("expect((await shout('abc'))).toStrictEqual(\"ABC!\");", StringComparison.Ordinal) && c.Code.Contains("async () =>", StringComparison.Ordinal));
        report.TestFiles.ShouldBe(["test/calc.generated.test.js"]);
        report.CoveredAfter.ShouldBeGreaterThan(report.CoveredBefore);
    }

    [Fact]
    public async Task GenerateAsync_EndlessLoop_LosesOnlyThatCall()
    {
        using var kit = GenerationKit.WithJest();
        GenerationFixtures.Esm(kit.Workspace);

        var report = await kit.GenerateAsync("src/calc.js", max: 20);

        // spin(0) returns; spin(3) never does: its worker is stopped at the deadline and the calls after it still run.
        report.Candidates.Where(c => c.Function == "spin").ShouldHaveSingleItem().Name.ShouldBe("spin with zero returns 0");
        report.Candidates.ShouldContain(c => c.Function == "greet" || c.Function == "default");
        report.Candidates.ShouldContain(c => c.Function == "shout");
        report.Notes.ShouldNotContain(note => note.Contains("did not finish", StringComparison.Ordinal));
    }
}

