using Lightning.Core.Errors;
using Lightning.Testing.Generation;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Generation.CSharp;

/// <summary>Generation for a C# library and its xUnit test project, on the real dotnet SDK (builds, dotnet test, coverlet).</summary>
public sealed class TestGeneratorCSharpTests
{
    [Fact]
    public async Task GenerateAsync_ClassLibrary_KeepsXunitTestsThatCompilePassAndAddCoverage()
    {
        using var kit = new GenerationKit();
        CSharpGenerationFixtures.Write(kit.Workspace);
        var before = kit.Snapshot();

        var report = await kit.GenerateAsync("Shop/Pricing.cs", max: 8);

        report.Language.ShouldBe(GenerationLanguage.CSharp);
        report.Framework.ShouldBe("dotnet-test");
        var points = report.Analyses.ShouldHaveSingleItem().Points;
        points.Select(p => p.QualifiedName).ShouldBe(["Prices.ParseCents", "Prices.Clamp", "Cart.Add"]);
        points[0].Parameters.ShouldHaveSingleItem().Type.ShouldBe("string");
        points[0].Raises.ShouldBe(["ArgumentNullException", "FormatException"]);
        points[2].Raises.ShouldBe(["ArgumentOutOfRangeException"]);
        points[1].Branches.ShouldBe(2);
        kit.Snapshot().ShouldBe(before);
        report.Compiled.ShouldBe(report.Tried, string.Join("\n", report.Candidates.Select(c => $"{c.Name}: {c.Reason}")));
        report.PassedRuns.ShouldBe(report.Tried, string.Join("\n", report.Candidates.Select(c => $"{c.Name}: {c.Reason}")));
        report.AddedCoverage.ShouldBeGreaterThan(1, string.Join("\n", report.Candidates.Select(c => $"{c.Name}: {c.Status} {c.Reason}")).ToString() + string.Join("\n", report.Notes));
        report.CoveredAfter.ShouldBeGreaterThan(report.CoveredBefore);
        report.TestFiles.ShouldBe(["Shop.Tests/Generated/PricingGeneratedTests.cs"]);
        var thrown = report.Candidates.Single(c => c.Name == "ParseCents_Null_ThrowsArgumentNullException");
        thrown.Code.ShouldContain("Assert.Throws<ArgumentNullException>(() => Prices.ParseCents(null));");
        thrown.Code.ShouldStartWith("/// <summary>Prices.ParseCents(null) throws ArgumentNullException, as observed when this test was generated.</summary>\n[Fact]\npublic void ParseCents_Null_ThrowsArgumentNullException()");
        report.Candidates[0].Imports.ShouldBe(["using Xunit;", "using Shop.Pricing;"]);
    }
}
