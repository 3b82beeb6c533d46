using System.Text.Json;
using Lightning.Agents.Llm;
using Lightning.Collaboration.Planning;
using Lightning.Collaboration.Tasks;
using Lightning.Collaboration.Tests.Tasks;
using Lightning.Core.Errors;
using Lightning.TestUtilities;

namespace Lightning.Collaboration.Tests.Planning;

public sealed class TaskPlannerTests
{
    static TaskPlanner Planner(params string[] replies) => new(
        new TemplateCatalog(),
        new LlmPlanner(new ChatModel(replies.Length == 0 ? null : new ScriptedChatClient(replies), replies.Length == 0 ? null : "m")),
        new DescriptionPlanner(),
        new ComplexityScorer(),
        new SplittingRules());

    static Task<PlanOutcome> PlanAsync(TaskPlanner planner, ComplexTask task) =>
        planner.PlanAsync(task, TestCatalogs.Default(), TestContext.Current.CancellationToken);

    [Fact]
    public async Task PlanAsync_ExplicitPlan_BuildsIt()
    {
        var task = new ComplexTask { Plan = new TaskPlan { Subtasks = [new SubtaskSpec { Id = "a", Tool = "echo" }] }, Description = "ignored" };

        var outcome = await PlanAsync(Planner(), task);

        outcome.Planner.ShouldBe("explicit");
        outcome.Graph.Count.ShouldBe(1);
        outcome.Notes.ShouldBeEmpty();
        outcome.Complexity.Level.ShouldBe(ComplexityLevel.Trivial);
    }

    [Fact]
    public async Task PlanAsync_Template_ExpandsAndBuilds()
    {
        var task = new ComplexTask
        {
            Template = "fan-out",
            Parameters = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"items":[1,2,3],"tool":"echo","aggregate":"concatenate"}"""),
        };

        var outcome = await PlanAsync(Planner(), task);

        outcome.Planner.ShouldBe("template:fan-out");
        outcome.Graph.Count.ShouldBe(4);
        outcome.Complexity.Width.ShouldBe(3);
    }

    [Fact]
    public async Task PlanAsync_UnknownTemplate_ListsKnownTemplates()
    {
        var exception = await Should.ThrowAsync<ValidationFailedException>(() => PlanAsync(Planner(), new ComplexTask { Template = "nope" }));

        exception.Errors["template"][0].ShouldContain("fan-out, pipeline, repository-check");
    }

    [Fact]
    public async Task PlanAsync_ModelPlansWell_UsesTheModel()
    {
        var outcome = await PlanAsync(Planner("""{"subtasks":[{"id":"only","tool":"echo","input":{}}]}"""), new ComplexTask { Description = "bake a cake" });

        outcome.Planner.ShouldBe("llm");
        outcome.Graph.Nodes[0].Id.ShouldBe("only");
        outcome.Notes.ShouldBeEmpty();
    }

    [Fact]
    public async Task PlanAsync_ModelAnswersGarbage_FallsBackToTheDescriptionWithANote()
    {
        var outcome = await PlanAsync(Planner("not json at all"), new ComplexTask { Description = "Analyse the repository then run `make check`" });

        outcome.Planner.ShouldBe("description");
        outcome.Graph.Nodes.Select(n => n.Tool).ShouldBe(["repository-analysis", "command"]);
        outcome.Notes.ShouldHaveSingleItem().ShouldStartWith("LLM plan rejected: ");
        outcome.Notes[0].ShouldContain("not valid JSON");
    }

    [Fact]
    public async Task PlanAsync_ModelUsesUnknownCapability_FallsBackNamingIt()
    {
        var outcome = await PlanAsync(Planner("""{"subtasks":[{"id":"a","tool":"echo","capability":"astrology"}]}"""), new ComplexTask { Description = "list files" });

        outcome.Planner.ShouldBe("description");
        outcome.Notes.ShouldHaveSingleItem().ShouldContain("capability 'astrology'");
    }

    [Fact]
    public async Task PlanAsync_ModelFailsAndDescriptionUnplannable_Throws()
    {
        var exception = await Should.ThrowAsync<ValidationFailedException>(() => PlanAsync(Planner("{}"), new ComplexTask { Description = "bake a cake" }));

        exception.Errors["description"].ShouldContain(e => e.Contains("bake a cake", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlanAsync_NoModel_PlansFromTheDescription()
    {
        var outcome = await PlanAsync(Planner(), new ComplexTask { Description = "read README.md" });

        outcome.Planner.ShouldBe("description");
        outcome.Notes.ShouldHaveSingleItem().ShouldContain("No model is configured");
    }

    [Fact]
    public async Task PlanAsync_NothingToPlan_Rejected()
    {
        var exception = await Should.ThrowAsync<ValidationFailedException>(() => PlanAsync(Planner(), new ComplexTask { Title = "t" }));

        exception.Errors["plan"][0].ShouldContain("plan, a template");
    }

    [Fact]
    public async Task PlanAsync_PlanAndTemplate_Rejected() =>
        (await Should.ThrowAsync<ValidationFailedException>(() => PlanAsync(Planner(),
            new ComplexTask { Plan = new TaskPlan { Subtasks = [new SubtaskSpec { Id = "a", Tool = "echo" }] }, Template = "pipeline" })))
        .Errors.Keys.ShouldContain("template");

    [Fact]
    public async Task PlanAsync_MissingRequiredCapability_NamesIt()
    {
        var task = new ComplexTask { Description = "list files", RequiredCapabilities = ["files", "gpu", "quantum"] };

        var exception = await Should.ThrowAsync<ValidationFailedException>(() => PlanAsync(Planner(), task));

        exception.Errors["requiredCapabilities"][0].ShouldContain("'gpu', 'quantum'");
        exception.Errors["requiredCapabilities"][0].ShouldNotContain("'files'");
    }
}
