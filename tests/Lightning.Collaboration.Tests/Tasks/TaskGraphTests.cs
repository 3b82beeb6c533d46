using System.Text.Json;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Errors;

namespace Lightning.Collaboration.Tests.Tasks;

public sealed class TaskGraphTests
{
    static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    static SubtaskSpec Echo(string id, params string[] dependsOn) =>
        new() { Id = id, Tool = "echo", Input = Json("{}"), DependsOn = dependsOn.Length == 0 ? null : dependsOn };

    static TaskGraph Build(params SubtaskSpec[] subtasks) => TaskGraph.Build(new TaskPlan { Subtasks = subtasks }, TestCatalogs.Default(), null);

    static string Errors(Action build) => string.Join("\n", Should.Throw<ValidationFailedException>(build).Errors.SelectMany(pair => pair.Value));

    [Fact]
    public void Build_Diamond_ComputesDepthAndDependents()
    {
        var graph = Build(Echo("a"), Echo("b", "a"), Echo("c", "a"), Echo("d", "b", "c"));

        graph.Count.ShouldBe(4);
        graph.MaxDepth.ShouldBe(3);
        graph.Depth.ShouldBe([0, 1, 1, 2]);
        graph.Dependents[graph.IndexOf("a")].ShouldBe([1, 2], ignoreOrder: true);
        graph.Dependencies[graph.IndexOf("d")].ShouldBe([1, 2], ignoreOrder: true);
        graph.IsAncestor(graph.IndexOf("a"), graph.IndexOf("d")).ShouldBeTrue();
        graph.IsAncestor(graph.IndexOf("b"), graph.IndexOf("c")).ShouldBeFalse();
        graph.IndexOf("missing").ShouldBe(-1);
    }

    [Fact]
    public void Build_Cycle_NamesTheNodes()
    {
        var errors = Errors(() => Build(Echo("start"), Echo("a", "c", "start"), Echo("b", "a"), Echo("c", "b")));

        errors.ShouldContain("cycle");
        // Arrows follow the order things would run in; the walk may start anywhere on the cycle.
        new[] { "a → b → c → a", "b → c → a → b", "c → a → b → c" }.ShouldContain(rotation => errors.Contains(rotation, StringComparison.Ordinal));
        errors.ShouldNotContain("start →");
    }

    [Fact]
    public void Build_SelfDependency_Rejected() =>
        Errors(() => Build(Echo("a", "a"))).ShouldContain("'a' depends on itself");

    [Fact]
    public void Build_UnknownDependency_Rejected() =>
        Errors(() => Build(Echo("a", "ghost"))).ShouldContain("depends on 'ghost', which is not in the plan");

    [Fact]
    public void Build_DuplicateId_Rejected() =>
        Errors(() => Build(Echo("a"), Echo("a"))).ShouldContain("'a' is used twice");

    [Fact]
    public void Build_InvalidId_Rejected() =>
        Errors(() => Build(Echo("bad id"))).ShouldContain("'bad id'");

    [Fact]
    public void Build_EmptyPlan_Rejected() =>
        Errors(() => Build()).ShouldContain("at least one subtask");

    [Fact]
    public void Build_UnknownCapability_Rejected() =>
        Errors(() => Build(Echo("a") with { Capability = "quantum" })).ShouldContain("needs capability 'quantum'");

    [Fact]
    public void Build_ToolCapabilityNotOffered_Rejected()
    {
        var errors = Errors(() => TaskGraph.Build(
            new TaskPlan { Subtasks = [new SubtaskSpec { Id = "ask", Tool = "prompt", Input = Json("""{"prompt":"hi"}""") }] },
            TestCatalogs.WithoutLlm(), null));

        errors.ShouldContain("needs capability 'llm'");
    }

    [Fact]
    public void Build_UnknownTool_RejectedListingKnownTools()
    {
        var errors = Errors(() => Build(new SubtaskSpec { Id = "a", Tool = "teleport" }));

        errors.ShouldContain("'teleport'");
        errors.ShouldContain("Known tools: command, echo, list-files");
    }

    [Fact]
    public void Build_InvalidToolInput_NamesSubtaskAndProblem()
    {
        var errors = Errors(() => Build(new SubtaskSpec { Id = "build", Tool = "command", Input = Json("""{"command":"make"}""") }));

        errors.ShouldContain("Subtask 'build': 'command' must be a list of strings.");
    }

    [Fact]
    public void Build_MissingToolAndAggregate_Rejected() =>
        Errors(() => Build(new SubtaskSpec { Id = "a" })).ShouldContain("needs a tool");

    [Fact]
    public void Build_ReadsOutputOfNonAncestor_Rejected()
    {
        var errors = Errors(() => Build(Echo("a"), Echo("b") with { Input = Json("""{"x":"${outputs.a.value}"}""") }));

        errors.ShouldContain("reads the output of 'a' but does not depend on it");
    }

    [Fact]
    public void Build_ReadsOutputOfAncestor_Accepted()
    {
        var graph = Build(Echo("a"), Echo("b", "a"), Echo("c", "b") with { Input = Json("""{"x":"${outputs.a.value}"}""") });

        graph.Count.ShouldBe(3);
    }

    [Fact]
    public void Build_ReadsOutputOfUnknownSubtask_Rejected() =>
        Errors(() => Build(Echo("a") with { Input = Json("""{"x":"${outputs.zz}"}""") })).ShouldContain("'zz', which is not in the plan");

    [Fact]
    public void Build_UnknownInput_Rejected()
    {
        var plan = new TaskPlan { Subtasks = [Echo("a") with { Input = Json("""{"x":"${inputs.repo}"}""") }] };

        Errors(() => TaskGraph.Build(plan, TestCatalogs.Default(), null)).ShouldContain("reads input 'repo'");
        TaskGraph.Build(plan, TestCatalogs.Default(), new Dictionary<string, JsonElement> { ["repo"] = Json("\"x\"") }).Count.ShouldBe(1);
    }

    [Fact]
    public void Build_ValidCompensation_MarksCompensationOnly()
    {
        var graph = Build(Echo("deploy") with { OnFailure = FailureAction.Compensate, Compensation = "rollback" }, Echo("rollback"));

        graph.CompensationOnly[graph.IndexOf("rollback")].ShouldBeTrue();
        graph.CompensationOnly[graph.IndexOf("deploy")].ShouldBeFalse();
    }

    [Fact]
    public void Build_CompensateWithoutCompensation_Rejected() =>
        Errors(() => Build(Echo("a") with { OnFailure = FailureAction.Compensate })).ShouldContain("needs 'compensation'");

    [Fact]
    public void Build_CompensationWithoutCompensateAction_Rejected() =>
        Errors(() => Build(Echo("a") with { Compensation = "b" }, Echo("b"))).ShouldContain("its onFailure is not 'compensate'");

    [Fact]
    public void Build_CompensationWithDependencies_Rejected() =>
        Errors(() => Build(Echo("a") with { OnFailure = FailureAction.Compensate, Compensation = "b" }, Echo("b", "c"), Echo("c")))
            .ShouldContain("'b' is a compensation");

    [Fact]
    public void Build_DependsOnCompensation_Rejected() =>
        Errors(() => Build(Echo("a") with { OnFailure = FailureAction.Compensate, Compensation = "b" }, Echo("b"), Echo("c", "b")))
            .ShouldContain("only runs as a compensation");

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(null)]
    public void Build_QuorumOutOfRange_Rejected(int? quorum)
    {
        var vote = new SubtaskSpec { Id = "vote", DependsOn = ["a", "b"], Aggregate = new AggregationSpec(AggregationStrategy.Quorum, quorum) };

        Errors(() => Build(Echo("a"), Echo("b"), vote)).ShouldContain("quorum between 1 and its 2 dependencies");
    }

    [Fact]
    public void Build_EscalatingAConcatenation_Rejected()
    {
        var all = new SubtaskSpec { Id = "all", DependsOn = ["a", "b"], Aggregate = new AggregationSpec(AggregationStrategy.Concatenate, Escalate: true) };

        Errors(() => Build(Echo("a"), Echo("b"), all)).ShouldContain("only a majority-vote or quorum can");
    }

    [Fact]
    public void Build_QuorumInRange_Accepted()
    {
        var vote = new SubtaskSpec { Id = "vote", DependsOn = ["a", "b"], Aggregate = new AggregationSpec(AggregationStrategy.Quorum, 2) };

        Build(Echo("a"), Echo("b"), vote).MaxDepth.ShouldBe(2);
    }

    [Fact]
    public void Build_PureAggregateWithTool_Rejected()
    {
        var merge = new SubtaskSpec { Id = "m", Tool = "echo", DependsOn = ["a"], Aggregate = new AggregationSpec(AggregationStrategy.MergeJson) };

        Errors(() => Build(Echo("a"), merge)).ShouldContain("runs no tool");
    }

    [Fact]
    public void Build_GroupNotListed_Rejected()
    {
        var plan = new TaskPlan { Subtasks = [Echo("a") with { Group = "g" }], Groups = new Dictionary<string, int> { ["h"] = 1 } };

        Errors(() => TaskGraph.Build(plan, TestCatalogs.Default(), null)).ShouldContain("group 'g'");
    }
}
