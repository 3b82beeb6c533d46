using Lightning.Collaboration.Planning;
using Lightning.Collaboration.Tasks;
using Lightning.Collaboration.Tests.Tasks;
using Lightning.Core.Errors;

namespace Lightning.Collaboration.Tests.Planning;

public sealed class DescriptionPlannerTests
{
    static string Errors(Action plan) => string.Join("\n", Should.Throw<ValidationFailedException>(plan).Errors.SelectMany(pair => pair.Value));

    [Fact]
    public void Clauses_Description_SplitsOutsideBackticks()
    {
        var clauses = DescriptionPlanner.Clauses("Analyse the repo, then run `make a, b. c and d`; and then list files. Finally explain it and them");

        clauses.Select(c => c.Text).ShouldBe(["Analyse the repo", "run `make a, b. c and d`", "list files", "explain it", "them"]);
        clauses.Select(c => c.Weak).ShouldBe([false, false, false, false, true]);
    }

    [Fact]
    public void Plan_AnalyseRunSummarise_BuildsAPipeline()
    {
        var plan = new DescriptionPlanner().Plan(
            "Analyse the repository, then run `dotnet test --filter \"Category=Unit Fast\" 'a b'` and summarise the results.", TestCatalogs.Default());

        plan.Subtasks.Select(s => s.Id).ShouldBe(["analyse-1", "command-2", "prompt-3"]);
        plan.Subtasks.Select(s => s.Tool).ShouldBe(["repository-analysis", "command", "prompt"]);
        plan.Subtasks[0].Input!.Value.GetProperty("path").GetString().ShouldBe(".");
        plan.Subtasks[1].Input!.Value.GetProperty("command").EnumerateArray().Select(a => a.GetString())
            .ShouldBe(["dotnet", "test", "--filter", "Category=Unit Fast", "a b"]);
        plan.Subtasks[1].DependsOn.ShouldBe(["analyse-1"]);
        plan.Subtasks[2].DependsOn.ShouldBe(["command-2"]);
        var prompt = plan.Subtasks[2].Input!.Value.GetProperty("prompt").GetString()!;
        prompt.ShouldStartWith("summarise the results");
        prompt.ShouldContain("${outputs.command-2}");
        plan.Result.ShouldBe("prompt-3");
        TaskGraph.Build(plan, TestCatalogs.Default(), null).MaxDepth.ShouldBe(3);
    }

    [Fact]
    public void Plan_ListAndRead_BuildsFileSteps()
    {
        var plan = new DescriptionPlanner().Plan("list all files in src; read `docs/a b.md`; inspect ./services/api", TestCatalogs.Default());

        plan.Subtasks.Select(s => s.Tool).ShouldBe(["list-files", "read-file", "repository-analysis"]);
        plan.Subtasks[0].Input!.Value.GetProperty("path").GetString().ShouldBe("src");
        plan.Subtasks[0].Input!.Value.GetProperty("recursive").GetBoolean().ShouldBeTrue();
        plan.Subtasks[1].Input!.Value.GetProperty("path").GetString().ShouldBe("docs/a b.md");
        plan.Subtasks[2].Input!.Value.GetProperty("path").GetString().ShouldBe("./services/api");
    }

    [Fact]
    public void Plan_WeakSeparatorInPrompt_StaysOneClause()
    {
        var plan = new DescriptionPlanner().Plan("Review the design, its costs and the risks", TestCatalogs.Default());

        plan.Subtasks.Count.ShouldBe(1);
        plan.Subtasks[0].Input!.Value.GetProperty("prompt").GetString()!.ShouldStartWith("Review the design, its costs and the risks\n");
    }

    [Fact]
    public void Plan_UnmatchedClauses_ListsThemAndSuggestsAPlan()
    {
        var errors = Errors(() => new DescriptionPlanner().Plan("Analyse the repo, bake a cake and paint the fence", TestCatalogs.Default()));

        errors.ShouldContain("No rule matches 'bake a cake'.");
        errors.ShouldContain("No rule matches 'paint the fence'.");
        errors.ShouldContain("explicit plan");
        errors.ShouldContain("fan-out, pipeline, repository-check");
    }

    [Fact]
    public void Plan_PromptWithoutModel_RejectedWithTheReason()
    {
        var errors = Errors(() => new DescriptionPlanner().Plan("Analyse the repo then explain the architecture", TestCatalogs.WithoutLlm()));

        errors.ShouldContain("'explain the architecture' would use the 'prompt' tool");
        errors.ShouldContain("'llm'");
    }

    [Fact]
    public void Plan_UnterminatedQuote_Rejected() =>
        Errors(() => new DescriptionPlanner().Plan("run `echo \"hi`", TestCatalogs.Default())).ShouldContain("unterminated");

    [Fact]
    public void Plan_EmptyDescription_Rejected() =>
        Errors(() => new DescriptionPlanner().Plan("  ", TestCatalogs.Default())).ShouldContain("no description");

    [Fact]
    public void Plan_RunWithoutBackticks_IsUnmatched() =>
        Errors(() => new DescriptionPlanner().Plan("run the tests", TestCatalogs.Default())).ShouldContain("No rule matches 'run the tests'");
}
