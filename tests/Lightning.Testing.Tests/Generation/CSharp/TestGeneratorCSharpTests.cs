using Lightning.Core.Errors;
using Lightning.Core.Processes;
using Lightning.Testing.Generation;
using Lightning.Testing.Tests.Detection;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Generation.CSharp;

/// <summary>
/// Generation for a C# library and its xUnit test project, on the real dotnet SDK (builds, dotnet test, coverlet).
/// dotnet is slow, so one generation run checks the whole path: analysis, characterisation, a scripted model's good,
/// broken and failing tests, every filter, and the kept tests written and run in the repository.
/// </summary>
public sealed class TestGeneratorCSharpTests
{
    const string ModelAnswer = """
        {"tests":[
          {"name":"Clamp_AboveHigh_ReturnsHigh","function":"Prices.Clamp","imports":["using Shop.Pricing;"],
           "code":"/// <summary>A value above high is clamped to high.</summary>\n[Fact]\npublic void Clamp_AboveHigh_ReturnsHigh()\n{\n    Assert.Equal(9, Prices.Clamp(50, 2, 9));\n}"},
          {"name":"Broken","function":"Prices.Clamp","imports":[],
           "code":"/// <summary>Does not compile.</summary>\n[Fact]\npublic void Broken()\n{\n    Assert.Equal(1, Prices.Clamp(1);\n}"},
          {"name":"Clamp_Wrong_ReturnsValue","function":"Prices.Clamp","imports":[],
           "code":"/// <summary>Wrong on purpose.</summary>\n[Fact]\npublic void Clamp_Wrong_ReturnsValue()\n{\n    Assert.Equal(50, Prices.Clamp(50, 2, 9));\n}"}
        ]}
        """;

    [Fact]
    public async Task GenerateAsync_ClassLibraryWithScriptedModel_KeptTestsPassUnderDotnetTestAndRejectionsSayWhy()
    {
        var chat = new ScriptedChatClient(ModelAnswer);
        using var kit = new GenerationKit(chat: chat);
        CSharpGenerationFixtures.Write(kit.Workspace);
        var before = kit.Snapshot();

        var report = await kit.GenerateAsync("Shop/Pricing.cs", max: 16);

        var summary = string.Join("\n", report.Candidates.Select(c => $"{c.Id} {c.Name}: {c.Status} {c.Passes} {c.Reason}").Concat(report.Notes));
        report.Language.ShouldBe(GenerationLanguage.CSharp);
        report.Framework.ShouldBe("dotnet-test");
        kit.Snapshot().ShouldBe(before);

        // Analysis: Roslyn's view of the file.
        var points = report.Analyses.ShouldHaveSingleItem().Points;
        points.Select(p => p.QualifiedName).ShouldBe(["Prices.ParseCents", "Prices.Clamp", "Prices.Larger", "Prices.CountOf", "Cart.Add"]);
        points[2].TypeArgs.ShouldBe("<int>");
        points[2].Parameters.Select(p => p.Type).ShouldBe(["int", "int"]);
        points[0].Parameters.ShouldHaveSingleItem().Type.ShouldBe("string");
        points[0].Raises.ShouldBe(["ArgumentNullException", "FormatException"]);
        points[0].Doc.ShouldBe("Parses \"12.34\" into cents.");
        points[1].Branches.ShouldBe(2);
        points[4].Raises.ShouldBe(["ArgumentOutOfRangeException"]);

        // Characterisation: a method that throws is pinned with Assert.Throws, named Method_Scenario_Expected.
        var thrown = report.Candidates.Single(c => c.Name == "ParseCents_Null_ThrowsArgumentNullException");
        thrown.Code.ShouldStartWith("/// <summary>Prices.ParseCents(null!) throws ArgumentNullException, as observed when this test was generated.</summary>\n[Fact]\npublic void ParseCents_Null_ThrowsArgumentNullException()");
        thrown.Code.ShouldContain("Assert.Throws<ArgumentNullException>(() => Prices.ParseCents(null!));");
        thrown.Imports.ShouldBe(["using Xunit;", "using Shop.Pricing;"]);
        report.Candidates.ShouldContain(c => c.Name == "Add_Negative_ThrowsArgumentOutOfRangeException" && c.Code.Contains("new Cart().Add(-1)", StringComparison.Ordinal), summary);
        // A generic method: called through MakeGenericMethod with int, pinned as Prices.Larger<int>(...), kept.
        report.Candidates.ShouldContain(c => c.Code.Contains("Prices.Larger<int>(", StringComparison.Ordinal) && c.Status == CandidateStatus.Kept, summary);
        // The syntax picked string for CountOf's T (class); the runtime refused it: no call, a note with the reason.
        report.Notes.ShouldContain(n => n.StartsWith("Shop/Pricing.cs: Prices.CountOf<string> was not called: the type arguments <string> violate a constraint", StringComparison.Ordinal), summary);
        report.Candidates.ShouldNotContain(c => c.Function == "Prices.CountOf" && c.Origin == CandidateOrigin.Characterisation, summary);
        var characterisation = report.Candidates.Where(c => c.Origin == CandidateOrigin.Characterisation).ToList();
        characterisation.ShouldAllBe(c => c.Status != CandidateStatus.FailedToCompile && c.Status != CandidateStatus.FailedRuns, summary);
        characterisation.Count(c => c.Status == CandidateStatus.Kept).ShouldBeGreaterThan(2, summary);

        // The model's three: one passes 5 of 5, one does not compile (the compiler's message), one fails every run.
        var prompt = chat.Requests.ShouldHaveSingleItem();
        prompt[1].Text.ShouldContain("Framework: xUnit, language: csharp.");
        prompt[1].Text.ShouldContain("public static int ParseCents(string text)");
        prompt[1].Text.ShouldContain("Clamp_Inside_ReturnsValue");
        var model = report.Candidates.Where(c => c.Origin == CandidateOrigin.Model).ToDictionary(c => c.Name);
        model.Count.ShouldBe(3, summary);
        model["Clamp_AboveHigh_ReturnsHigh"].Passes.ShouldBe(5, summary);
        model["Broken"].Status.ShouldBe(CandidateStatus.FailedToCompile);
        model["Broken"].Reason.ShouldStartWith("dotnet build: CS");
        model["Clamp_Wrong_ReturnsValue"].Status.ShouldBe(CandidateStatus.FailedRuns);
        model["Clamp_Wrong_ReturnsValue"].Reason!.ShouldContain("passed 0 of 5 runs");
        report.Compiled.ShouldBe(report.Tried - 1);
        report.PassedRuns.ShouldBe(report.Tried - 2);
        report.CoveredAfter.ShouldBeGreaterThan(report.CoveredBefore);
        report.Candidates.ShouldContain(c => c.Status == CandidateStatus.Kept && c.AddedLines.Count > 0);
        report.TestFiles.ShouldBe(["Shop.Tests/Generated/PricingGeneratedTests.cs"]);

        // Accepted: the kept tests written into the test project pass under dotnet test in the repository itself.
        var kept = report.Candidates.Where(c => c.Status == CandidateStatus.Kept).ToList();
        var written = await TestGenerationWriter.WriteAsync(kit.Workspace.Workspace, "repo", GenerationLanguage.CSharp, kept, TestContext.Current.CancellationToken);
        written.ShouldBe(["Shop.Tests/Generated/PricingGeneratedTests.cs"]);
        var text = await File.ReadAllTextAsync(kit.Workspace.Full("repo/Shop.Tests/Generated/PricingGeneratedTests.cs"), TestContext.Current.CancellationToken);
        text.ShouldContain("namespace Shop.Tests.Generated;\n\npublic sealed class PricingGeneratedTests\n{\n    /// <summary>");
        var run = await Toolchain.Runner.RunAsync(
            new ProcessSpec("dotnet", ["test", "Shop.Tests/Shop.Tests.csproj", "--filter", "FullyQualifiedName~Shop.Tests.Generated."])
            {
                WorkingDirectory = kit.Workspace.Full("repo"),
                Environment = new Dictionary<string, string> { ["PATH"] = Toolchain.Path, ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "false", ["UseSharedCompilation"] = "false" },
                Timeout = TimeSpan.FromMinutes(8),
            },
            onOutput: null,
            TestContext.Current.CancellationToken);
        run.Succeeded.ShouldBeTrue(run.Output);
        run.Output.ShouldMatch($@"Passed:\s+{kept.Count},");
    }

    [Fact]
    public async Task GenerateAsync_LibraryWithoutTestProject_SaysWhatToAdd()
    {
        using var kit = new GenerationKit();
        CSharpGenerationFixtures.Write(kit.Workspace, withTests: false);

        var error = await Should.ThrowAsync<LightningException>(() => kit.GenerateAsync("Shop/Pricing.cs", language: "c#"));

        error.Code.ShouldBe("testing.generation_no_test_project");
        error.Message.ShouldBe("No xUnit test project references Shop/Shop.csproj, so generated tests have nowhere to go: add one (dotnet new xunit3 -o Shop.Tests; "
            + "dotnet add Shop.Tests reference Shop/Shop.csproj; dotnet add Shop.Tests package coverlet.collector) and generate again.");
        // Neither a file nor a language: the project file says C#, and the same message follows.
        (await Should.ThrowAsync<LightningException>(() => kit.GenerateAsync())).Code.ShouldBe("testing.generation_no_test_project");
    }
}
