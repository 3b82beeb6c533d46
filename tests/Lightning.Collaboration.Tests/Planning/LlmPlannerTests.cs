using Lightning.Agents.Llm;
using Lightning.Collaboration.Planning;
using Lightning.Collaboration.Tasks;
using Lightning.Collaboration.Tests.Tasks;
using Lightning.TestUtilities;
using Microsoft.Extensions.AI;

namespace Lightning.Collaboration.Tests.Planning;

public sealed class LlmPlannerTests
{
    const string ValidPlan = """
        {"subtasks":[
          {"id":"test","tool":"command","input":{"command":["dotnet","test"]}},
          {"id":"summary","tool":"prompt","dependsOn":["test"],"input":{"prompt":"Summarise ${outputs.test.output}"}}],
         "result":"summary"}
        """;

    static ComplexTask Task(string description) => new() { Description = description };

    [Fact]
    public async Task PlanAsync_ValidPlan_Accepted()
    {
        var client = new ScriptedChatClient(ValidPlan);
        var planner = new LlmPlanner(new ChatModel(client, "test-model"));

        var result = await planner.PlanAsync(Task("Test and summarise"), TestCatalogs.Default(), TestContext.Current.CancellationToken);

        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
        result.Graph!.Count.ShouldBe(2);
        result.Graph.MaxDepth.ShouldBe(2);
        var request = client.Requests.ShouldHaveSingleItem();
        var system = request.Single(m => m.Role == ChatRole.System).Text;
        system.ShouldContain("- command [command]: Fake command.");
        system.ShouldContain("- echo [any agent]");
        system.ShouldContain("Capabilities agents offer: command, files, llm, repository-analysis, security");
        system.ShouldContain("Agents: devops, reviewer");
        request.Single(m => m.Role == ChatRole.User).Text.ShouldContain("Task: Test and summarise");
    }

    [Fact]
    public async Task PlanAsync_FencedJson_Accepted()
    {
        var planner = new LlmPlanner(new ChatModel(new ScriptedChatClient($"```json\n{ValidPlan}\n```"), "m"));

        var result = await planner.PlanAsync(Task("x"), TestCatalogs.Default(), TestContext.Current.CancellationToken);

        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors));
    }

    [Fact]
    public async Task PlanAsync_InvalidJson_FailsWithTheReason()
    {
        var planner = new LlmPlanner(new ChatModel(new ScriptedChatClient("Sure! Here is a plan: run the tests."), "m"));

        var result = await planner.PlanAsync(Task("x"), TestCatalogs.Default(), TestContext.Current.CancellationToken);

        result.Succeeded.ShouldBeFalse();
        result.Graph.ShouldBeNull();
        result.Errors.ShouldHaveSingleItem().ShouldContain("not valid JSON");
    }

    [Fact]
    public async Task PlanAsync_UnknownCapability_RejectedWithReasons()
    {
        var planner = new LlmPlanner(new ChatModel(new ScriptedChatClient(
            """{"subtasks":[{"id":"mine","tool":"echo","capability":"blockchain"},{"id":"x","tool":"teleport","dependsOn":["mine"]}]}"""), "m"));

        var result = await planner.PlanAsync(Task("x"), TestCatalogs.Default(), TestContext.Current.CancellationToken);

        result.Succeeded.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Contains("capability 'blockchain'", StringComparison.Ordinal));
        result.Errors.ShouldContain(e => e.Contains("'teleport'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlanAsync_ClientThrows_Fails()
    {
        var planner = new LlmPlanner(new ChatModel(new ScriptedChatClient(), "m"));

        var result = await planner.PlanAsync(Task("x"), TestCatalogs.Default(), TestContext.Current.CancellationToken);

        result.Errors.ShouldHaveSingleItem().ShouldContain("could not be asked");
    }

    [Fact]
    public async Task PlanAsync_NoModel_Fails()
    {
        var planner = new LlmPlanner(new ChatModel(null, null));

        planner.IsConfigured.ShouldBeFalse();
        (await planner.PlanAsync(Task("x"), TestCatalogs.Default(), TestContext.Current.CancellationToken)).Succeeded.ShouldBeFalse();
    }
}
