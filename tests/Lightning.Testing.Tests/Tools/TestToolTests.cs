using System.Text.Json;
using Lightning.Agents.Registry;
using Lightning.Agents.Roles;
using Lightning.Agents.Tools;
using Lightning.Core.Serialization;
using Lightning.Testing.History;
using Lightning.Testing.Tests.History;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.Tools;

public sealed class TestToolTests : IAsyncDisposable
{
    const string Agent = "build-runner";
    readonly List<HistoryHarness> _harnesses = [];

    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Catalog_TestTool_NeedsTheTestingCapabilityThatTheBuildRunnerHas()
    {
        var harness = await HarnessAsync(HistoryHarness.PassingReport);

        var tool = harness.Services.GetRequiredService<ToolCatalog>().Find("test");

        tool.ShouldNotBeNull().Capability.ShouldBe(Capabilities.Testing);
        AgentRoles.Find("build-runner")!.Capabilities.ShouldContain(Capabilities.Testing);
    }

    [Fact]
    public async Task RunAsync_Detect_ListsTheProjectsWithTheirToolchain()
    {
        var harness = await HarnessAsync(HistoryHarness.PassingReport);
        WriteProject(harness, "app");

        var result = await Tool(harness).RunAsync(Call(new { operation = "detect", path = "app" }), Token);

        result.Succeeded.ShouldBeTrue(result.Error);
        var project = result.Output!.Value.GetProperty("projects").EnumerateArray().ShouldHaveSingleItem();
        project.GetProperty("framework").GetString().ShouldBe("pytest");
        project.GetProperty("root").GetString().ShouldBe(".");
        project.GetProperty("ready").ValueKind.ShouldBeOneOf(JsonValueKind.True, JsonValueKind.False);
        result.Output.Value.GetProperty("repository").GetString().ShouldBe("agent:build-runner/app");
    }

    [Fact]
    public async Task RunAsync_Flaky_ListsWhatHistorySaysWithEvidence()
    {
        var harness = await HarnessAsync(HistoryHarness.PassingReport);
        WriteProject(harness, "app");
        await harness.ImportAsync(HistoryHarness.PassingReport, "agent:build-runner/app", commit: "abcd1234");
        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        await harness.ImportAsync(HistoryHarness.FailingReport, "agent:build-runner/app", commit: "abcd1234");

        var result = await Tool(harness).RunAsync(Call(new { operation = "flaky", path = "app" }), Token);

        result.Succeeded.ShouldBeTrue(result.Error);
        var flaky = result.Output!.Value.GetProperty("flaky").EnumerateArray().ShouldHaveSingleItem();
        flaky.GetProperty("id").GetString().ShouldBe("test_calc::test_add");
        flaky.GetProperty("evidence")[0].GetString()!.ShouldContain("both on commit abcd1234");
        result.Output.Value.GetProperty("broken").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_FailingTests_FailsWithoutRetryAndListsTheFailures()
    {
        var harness = await HarnessAsync(HistoryHarness.FailingReport);
        WriteProject(harness, "app");

        var result = await Tool(harness).RunAsync(Call(new { operation = "run", path = "app", retries = 1 }), Token);

        result.Succeeded.ShouldBeFalse();
        result.Retryable.ShouldBeFalse();
        result.Error.ShouldBe("1 of 2 tests failed: test_calc::test_add.");
        var output = result.Output!.Value;
        output.GetProperty("status").GetString().ShouldBe("failed");
        output.GetProperty("totals").GetProperty("failed").GetInt32().ShouldBe(1);
        var failure = output.GetProperty("failures").EnumerateArray().ShouldHaveSingleItem();
        failure.GetProperty("id").GetString().ShouldBe("test_calc::test_add");
        failure.GetProperty("message").GetString().ShouldBe("assert 3 == 4");
        var run = await harness.Store.FindAsync(output.GetProperty("runId").GetString()!, Token);
        (run!.Trigger, run.RequestedBy, run.Retries).ShouldBe((TestRunTriggers.Agent, Agent, 1));
    }

    [Fact]
    public async Task RunAsync_AllowFailures_SucceedsWithTheFailuresInTheOutput()
    {
        var harness = await HarnessAsync(HistoryHarness.FailingReport);
        WriteProject(harness, "app");

        var result = await Tool(harness).RunAsync(Call(new { operation = "run", path = "app", allowFailures = true }), Token);

        result.Succeeded.ShouldBeTrue(result.Error);
        result.Output!.Value.GetProperty("failures").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_SharedWorkspaceOfACollaboration_RunsThereAndRecordsTheCollaboration()
    {
        var harness = await HarnessAsync(HistoryHarness.PassingReport);
        var shared = Path.Combine(harness.Services.GetRequiredService<Lightning.Agents.Actions.ActionExecutor>().SharedWorkspaceOf("col_1").Root, "app");
        WriteProjectAt(shared);

        var result = await Tool(harness).RunAsync(Call(new { operation = "run", path = "app" }) with { Collaboration = "col_1", SharedWorkspace = true }, Token);

        result.Succeeded.ShouldBeTrue(result.Error);
        result.Output!.Value.GetProperty("totals").GetProperty("passed").GetInt32().ShouldBe(2);
        var run = await harness.Store.FindAsync(result.Output.Value.GetProperty("runId").GetString()!, Token);
        (run!.Trigger, run.Repository).ShouldBe((TestRunTriggers.Collaboration, "collaboration:col_1/app"));
    }

    [Fact]
    public async Task RunAsync_BadInput_FailsWithoutRetryNamingTheProblem()
    {
        var harness = await HarnessAsync(HistoryHarness.PassingReport);
        var tool = Tool(harness);

        var errors = tool.Validate(JsonSerializer.SerializeToElement(new { operation = "lint", framework = "karma", retries = 20, shards = 0 }));
        var outside = await tool.RunAsync(Call(new { operation = "run", path = "../../elsewhere" }), Token);
        var missing = await tool.RunAsync(Call(new { operation = "run", path = "nothing" }), Token);

        errors.ShouldContain("'operation' must be one of: detect, run, flaky.");
        errors.ShouldContain(e => e.StartsWith("Unknown test framework 'karma'.", StringComparison.Ordinal));
        errors.ShouldContain("'retries' must be between 0 and 10.");
        errors.ShouldContain("'shards' must be between 1 and 256.");
        (outside.Succeeded, outside.Retryable).ShouldBe((false, false));
        outside.Error.ShouldNotBeNull().ShouldContain("leads outside the workspace");
        missing.Error.ShouldNotBeNull().ShouldContain("does not exist in the workspace");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var harness in _harnesses)
        {
            await harness.DisposeAsync();
        }
    }

    async Task<HistoryHarness> HarnessAsync(string report)
    {
        var harness = await HistoryHarness.CreateAsync(new ReplayTestRunner(_ => report));
        _harnesses.Add(harness);
        return harness;
    }

    static IAgentTool Tool(HistoryHarness harness) => harness.Services.GetServices<IAgentTool>().Single(tool => tool.Name == "test");

    static ToolCall Call(object input) =>
        new(Agent, JsonSerializer.SerializeToElement(input, LightningJson.Options), "key", 1, "tester");

    static void WriteProject(HistoryHarness harness, string path) =>
        WriteProjectAt(Path.Combine(harness.Services.GetRequiredService<Lightning.Agents.Actions.ActionExecutor>().WorkspaceOf(Agent).Root, path));

    static void WriteProjectAt(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "pytest.ini"), "[pytest]\n");
        File.WriteAllText(Path.Combine(directory, "test_calc.py"), "def test_add():\n    assert 1 + 1 == 2\n");
    }
}
