using Lightning.Testing.Generation;

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

        File.WriteAllText("/tmp/hg/report-py.json", System.Text.Json.JsonSerializer.Serialize(report, Lightning.Core.Serialization.LightningJson.Options));
        report.Language.ShouldBe(GenerationLanguage.Python);
        report.Tried.ShouldBeGreaterThan(4);
        report.Compiled.ShouldBe(report.Tried);
        report.PassedRuns.ShouldBe(report.Tried);
        report.AddedCoverage.ShouldBeGreaterThan(0);
        kit.Snapshot().ShouldBe(before);
    }
}
