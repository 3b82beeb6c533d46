using Lightning.Testing.Generation;

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

        File.WriteAllText("/tmp/hg/report-js.json", System.Text.Json.JsonSerializer.Serialize(report, Lightning.Core.Serialization.LightningJson.Options));
        report.Language.ShouldBe(GenerationLanguage.JavaScript);
        report.Tried.ShouldBeGreaterThan(4);
        report.Compiled.ShouldBe(report.Tried);
        report.PassedRuns.ShouldBe(report.Tried);
        report.AddedCoverage.ShouldBeGreaterThan(0);
        kit.Snapshot().ShouldBe(before);
    }
}
