using Lightning.Core.Errors;
using Lightning.Testing.Generation;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Generation;

/// <summary>Generation for a ts-jest project, on the real node, typescript, ts-jest and jest (LIGHTNING_TEST_JEST_BIN and the tools' node_modules).</summary>
public sealed class TestGeneratorTypeScriptTests
{
    [Fact]
    public async Task GenerateAsync_TypeScriptModule_TypesComeFromTypeScriptAndTestsRunUnderTsJest()
    {
        using var kit = GenerationKit.WithJest();
        GenerationFixtures.TypeScript(kit.Workspace);
        var before = kit.Snapshot();

        var report = await kit.GenerateAsync("src/temperature.ts", max: 8);

        kit.Snapshot().ShouldBe(before);
        report.Language.ShouldBe(GenerationLanguage.TypeScript);
        var points = report.Analyses.ShouldHaveSingleItem().Points;
        // The error class has no methods of its own: not a test point.
        points.Select(p => p.QualifiedName).ShouldBe(["Thermostat.raise", "label", "toFahrenheit"], ignoreOrder: true);
        var toFahrenheit = points.Single(p => p.Name == "toFahrenheit");
        toFahrenheit.Parameters.Select(p => p.Type).ShouldBe(["number", "number"]);
        toFahrenheit.Parameters[1].Default.ShouldBe("undefined");
        toFahrenheit.Returns.ShouldBe("number");
        toFahrenheit.Line.ShouldBe(12);
        points.Single(p => p.Name == "label").Parameters.Select(p => p.Type).ShouldBe(["string[]", "string | null"]);
        var imports = report.Candidates[0].Imports;
        imports[0].ShouldBe("import { expect, test } from '@jest/globals';");
        imports[1].ShouldStartWith("import { ");
        imports[1].ShouldEndWith(" } from '../src/temperature';");
        imports[1].ShouldContain("Thermostat");
        imports[1].ShouldContain("toFahrenheit");
        report.Compiled.ShouldBe(report.Tried);
        var kept = report.Candidates.Where(c => c.Status == CandidateStatus.Kept).ToList();
        kept.ShouldNotBeEmpty();
        kept.ShouldAllBe(c => c.Passes == 5);
        // No null for a parameter typed number: the test would not type-check.
        report.Candidates.ShouldNotContain(c => c.Code.Contains("toFahrenheit(null", StringComparison.Ordinal));
        var summary = string.Join("\n", report.Candidates.Select(c => $"{c.Function}: {c.Name}: {c.Status} {c.Reason}"));
        // TypeScript's number is a fraction for the input generator: the typical value is 2.5.
        kept.ShouldContain(c => c.Name == "Thermostat.raise with zero throws RangeError" && c.Code.Contains("new Thermostat(2.5).raise(0)).toThrow(RangeError);", StringComparison.Ordinal), summary);
        kept.Select(c => c.Function).Distinct().Count().ShouldBeGreaterThan(1, summary);
        report.TestFiles.ShouldBe(["test/temperature.generated.test.ts"]);
        report.CoveredAfter.ShouldBeGreaterThan(report.CoveredBefore);
    }

    [Fact]
    public async Task GenerateAsync_TsxModule_PlainFunctionsAreTestedAndComponentsLeftOutWithANote()
    {
        using var kit = GenerationKit.WithJest();
        GenerationFixtures.TypeScript(kit.Workspace, view: true);
        var before = kit.Snapshot();

        var report = await kit.GenerateAsync("src/view.tsx", max: 6);

        var summary = string.Join("\n", report.Candidates.Select(c => $"{c.Function}: {c.Name}: {c.Status} {c.Passes} {c.Reason}").Concat(report.Notes));
        kit.Snapshot().ShouldBe(before);
        report.Language.ShouldBe(GenerationLanguage.TypeScript);
        var points = report.Analyses.ShouldHaveSingleItem().Points;
        points.Select(p => p.QualifiedName).ShouldBe(["formatPrice", "initials"], ignoreOrder: true);
        points.Single(p => p.Name == "formatPrice").Parameters.ShouldHaveSingleItem().Type.ShouldBe("number");
        report.Notes.ShouldContain("src/view.tsx: PriceTag returns JSX (a component): left out, only plain functions are tested.");
        report.Notes.ShouldContain("src/view.tsx: Badge returns JSX (a component): left out, only plain functions are tested.");
        report.Candidates[0].Imports[1].ShouldEndWith(" } from '../src/view';");
        report.Candidates.ShouldNotContain(c => c.Code.Contains("PriceTag", StringComparison.Ordinal) || c.Code.Contains("Badge", StringComparison.Ordinal));
        report.Compiled.ShouldBe(report.Tried, summary);
        var kept = report.Candidates.Where(c => c.Status == CandidateStatus.Kept).ToList();
        kept.ShouldAllBe(c => c.Passes == 5, summary);
        kept.ShouldContain(c => c.Code.Contains("expect(() => formatPrice(-", StringComparison.Ordinal) && c.Code.Contains(")).toThrow(RangeError);", StringComparison.Ordinal), summary);
        kept.Select(c => c.Function).Distinct().Count().ShouldBe(2, summary);
        // Plain functions need no JSX in their tests: .test.ts, importing the .tsx without its extension.
        report.TestFiles.ShouldBe(["test/view.generated.test.ts"]);
        report.CoveredAfter.ShouldBeGreaterThan(report.CoveredBefore);
    }

    [Fact]
    public async Task GenerateAsync_ScriptedModel_TypeErrorIsCountedAsNotCompiling()
    {
        var answer = """
            {"tests":[
              {"name":"label joins with the separator","function":"label","imports":[],"code":"/** Joined. */\ntest('label joins with the separator', () => {\n  expect(label(['a', 'b'], '+')).toBe('a+b');\n});"},
              {"name":"label with a number","function":"label","imports":[],"code":"test('label with a number', () => {\n  expect(label(42, null)).toBe('x');\n});"}
            ]}
            """;
        using var kit = GenerationKit.WithJest(new ScriptedChatClient(answer));
        GenerationFixtures.TypeScript(kit.Workspace);

        var report = await kit.GenerateAsync("src/temperature.ts", max: 8);

        var model = report.Candidates.Where(c => c.Origin == CandidateOrigin.Model).ToList();
        model.Count.ShouldBe(2);
        var wrong = model.Single(c => c.Name == "label with a number");
        wrong.Status.ShouldBe(CandidateStatus.FailedToCompile);
        wrong.Reason!.ShouldStartWith("tsc rejects it: TS2345");
        model.Single(c => c.Name == "label joins with the separator").Passes.ShouldBe(5);
    }

    [Fact]
    public async Task GenerateAsync_NoTypeScriptTransformInJest_SaysHowToRunTypeScript()
    {
        using var kit = GenerationKit.WithJest();
        GenerationFixtures.TypeScript(kit.Workspace, tsJest: false);

        var error = await Should.ThrowAsync<LightningException>(() => kit.GenerateAsync("src/temperature.ts"));

        error.Code.ShouldBe("testing.generation_typescript_not_runnable");
        error.Message.ShouldContain("ts-jest");
    }

    [Fact]
    public async Task GenerateAsync_DeclarationFile_IsNotALanguageWeGenerateFor()
    {
        using var kit = GenerationKit.WithJest();
        GenerationFixtures.TypeScript(kit.Workspace);
        kit.Workspace.Write("repo/src/types.d.ts", "export declare function f(x: number): number;\n");

        var error = await Should.ThrowAsync<LightningException>(() => kit.GenerateAsync("src/types.d.ts"));

        error.Code.ShouldBe(GenerationLanguages.UnknownCode);
    }

    [Theory]
    [InlineData("ts", GenerationLanguage.TypeScript)]
    [InlineData("TypeScript", GenerationLanguage.TypeScript)]
    [InlineData("esm", GenerationLanguage.JavaScript)]
    public void Parse_Aliases_NameTheLanguage(string name, GenerationLanguage expected) => GenerationLanguages.Parse(name).ShouldBe(expected);

    [Theory]
    [InlineData("src/a.ts", GenerationLanguage.TypeScript)]
    [InlineData("src/view.tsx", GenerationLanguage.TypeScript)]
    [InlineData("src/a.mjs", GenerationLanguage.JavaScript)]
    [InlineData("src/a.d.ts", null)]
    public void FromFile_Extensions_MapToTheirLanguage(string path, GenerationLanguage? expected) => GenerationLanguages.FromFile(path).ShouldBe(expected);
}
