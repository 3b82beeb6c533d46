using System.Text.Json;
using Lightning.Collaboration.Planning;
using Lightning.Collaboration.Tasks;
using Lightning.Collaboration.Tests.Tasks;
using Lightning.Core.Errors;

namespace Lightning.Collaboration.Tests.Planning;

public sealed class PipelineTemplateTests
{
    static Dictionary<string, JsonElement> Parameters(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    [Fact]
    public void Expand_Steps_ChainsEachAfterThePrevious()
    {
        var plan = new PipelineTemplate().Expand(Parameters("""
            { "steps": [
                { "tool": "command", "input": { "command": ["make"] } },
                { "id": "ask", "tool": "prompt", "capability": "llm", "input": { "prompt": "Explain ${outputs.step-1.output}" } },
                { "tool": "echo" } ] }
            """), new SplittingRules());

        plan.Subtasks.Select(s => s.Id).ShouldBe(["step-1", "ask", "step-3"]);
        plan.Subtasks[0].DependsOn.ShouldBeNull();
        plan.Subtasks[1].DependsOn.ShouldBe(["step-1"]);
        plan.Subtasks[2].DependsOn.ShouldBe(["ask"]);
        plan.Subtasks[1].Capability.ShouldBe("llm");
        plan.Result.ShouldBe("step-3");
        var graph = TaskGraph.Build(plan, TestCatalogs.Default(), null);
        graph.MaxDepth.ShouldBe(3);
    }

    [Fact]
    public void Expand_BadSteps_NamesThem()
    {
        var exception = Should.Throw<ValidationFailedException>(() => new PipelineTemplate().Expand(
            Parameters("""{"steps":[{"tool":"echo","colour":"red"},{"input":{}},"x"]}"""), new SplittingRules()));

        var errors = string.Join("\n", exception.Errors.SelectMany(pair => pair.Value));
        errors.ShouldContain("step 1 has an unknown field 'colour'");
        errors.ShouldContain("step 2 needs 'tool'");
        errors.ShouldContain("step 3 must be an object");
    }

    [Fact]
    public void Expand_NoSteps_Rejected() =>
        Should.Throw<ValidationFailedException>(() => new PipelineTemplate().Expand(Parameters("{}"), new SplittingRules()))
            .Errors.Keys.ShouldBe(["parameters.steps"]);
}
