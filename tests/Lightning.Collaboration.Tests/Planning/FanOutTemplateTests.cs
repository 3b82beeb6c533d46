using System.Text.Json;
using Lightning.Collaboration.Planning;
using Lightning.Collaboration.Tasks;
using Lightning.Collaboration.Tests.Tasks;
using Lightning.Core.Errors;

namespace Lightning.Collaboration.Tests.Planning;

public sealed class FanOutTemplateTests
{
    static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    static Dictionary<string, JsonElement> Parameters(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    static string Errors(Action expand) => string.Join("\n", Should.Throw<ValidationFailedException>(expand).Errors.SelectMany(pair => pair.Value));

    [Fact]
    public void Expand_Items_SubstitutesPlaceholdersPerItem()
    {
        var plan = new FanOutTemplate().Expand(Parameters("""
            { "items": [{"name":"api","port":80}, {"name":"web","port":443}], "tool": "command", "capability": "command",
              "input": { "command": ["check", "${item.name}", "--port=${item.port}", "#${index}", "${inputs.env}"], "item": "${item}", "port": "${item.port}" } }
            """), new SplittingRules());

        plan.Subtasks.Select(s => s.Id).ShouldBe(["item-1", "item-2"]);
        var second = plan.Subtasks[1];
        second.Capability.ShouldBe("command");
        second.DependsOn.ShouldBeNull();
        var input = second.Input!.Value;
        input.GetProperty("command").EnumerateArray().Select(a => a.GetString()).ShouldBe(["check", "web", "--port=443", "#2", "${inputs.env}"]);
        input.GetProperty("item").GetProperty("name").GetString().ShouldBe("web");
        input.GetProperty("port").GetInt32().ShouldBe(443);
        plan.Result.ShouldBeNull();
    }

    [Fact]
    public void Expand_NoInput_PassesTheItemItself()
    {
        var plan = new FanOutTemplate().Expand(Parameters("""{"items":[{"a":1}],"tool":"echo"}"""), new SplittingRules());

        plan.Subtasks[0].Input!.Value.GetProperty("a").GetInt32().ShouldBe(1);
    }

    [Fact]
    public void Expand_MaxParallelAndAggregate_AddsGroupAndFinalNode()
    {
        var plan = new FanOutTemplate().Expand(Parameters("""{"items":[1,2,3],"tool":"echo","maxParallel":2,"aggregate":"quorum","quorum":2,"field":"v","id":"check"}"""), new SplittingRules());

        plan.Groups!["check"].ShouldBe(2);
        plan.Subtasks.Take(3).ShouldAllBe(s => s.Group == "check");
        var aggregate = plan.Subtasks[^1];
        aggregate.Id.ShouldBe("aggregate");
        aggregate.DependsOn.ShouldBe(["check-1", "check-2", "check-3"]);
        aggregate.Aggregate.ShouldBe(new AggregationSpec(AggregationStrategy.Quorum, 2, "v"));
        plan.Result.ShouldBe("aggregate");
        TaskGraph.Build(plan, TestCatalogs.Default(), null).MaxDepth.ShouldBe(2);
    }

    [Fact]
    public void Expand_MoreItemsThanMaxFanOut_BatchesThem()
    {
        var plan = new FanOutTemplate().Expand(Parameters("""{"items":[1,2,3,4,5],"tool":"echo","aggregate":"concatenate"}"""), new SplittingRules(MaxFanOut: 2));

        plan.Subtasks.Count.ShouldBe(3);
        plan.Subtasks[0].Input!.Value.GetProperty("items").EnumerateArray().Select(i => i.GetInt32()).ShouldBe([1, 2]);
        plan.Subtasks[1].Input!.Value.GetProperty("items").EnumerateArray().Select(i => i.GetInt32()).ShouldBe([3, 4, 5]);
        plan.Subtasks[^1].DependsOn.ShouldBe(["item-1", "item-2"]);
    }

    [Fact]
    public void Expand_BatchPlaceholderWithoutBatching_IsAOneItemList()
    {
        var plan = new FanOutTemplate().Expand(Parameters("""{"items":["a","b"],"tool":"echo","input":{"list":"${batch}"}}"""), new SplittingRules());

        plan.Subtasks[1].Input!.Value.GetProperty("list").EnumerateArray().Select(i => i.GetString()).ShouldBe(["b"]);
    }

    [Fact]
    public void Expand_ItemPlaceholderWhenBatched_Rejected() =>
        Errors(() => new FanOutTemplate().Expand(Parameters("""{"items":[1,2,3],"tool":"echo","input":{"x":"${item}"}}"""), new SplittingRules(1)))
            .ShouldContain("use ${batch}");

    [Fact]
    public void Expand_MissingItemField_Rejected() =>
        Errors(() => new FanOutTemplate().Expand(Parameters("""{"items":[{"a":1}],"tool":"echo","input":"${item.b}"}"""), new SplittingRules()))
            .ShouldContain("item 1 has no 'b'");

    [Fact]
    public void Expand_BadParameters_NamesEveryProblem()
    {
        var exception = Should.Throw<ValidationFailedException>(() =>
            new FanOutTemplate().Expand(Parameters("""{"items":[],"maxParallel":0,"aggregate":"shout","colour":"red"}"""), new SplittingRules()));

        exception.Errors.Keys.ShouldBe(["parameters.items", "parameters.tool", "parameters.maxParallel", "parameters.aggregate", "parameters.colour"], ignoreOrder: true);
        exception.Errors["parameters.aggregate"][0].ShouldContain("concatenate, merge-json, majority-vote, quorum");
    }

    [Fact]
    public void Expand_ReviewerAggregate_Rejected() =>
        Errors(() => new FanOutTemplate().Expand(Parameters("""{"items":[1],"tool":"echo","aggregate":"reviewer"}"""), new SplittingRules()))
            .ShouldContain("needs a tool");
}
