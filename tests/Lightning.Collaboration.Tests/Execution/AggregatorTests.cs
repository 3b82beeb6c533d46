using System.Text.Json;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Tasks;

namespace Lightning.Collaboration.Tests.Execution;

public sealed class AggregatorTests
{
    static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    static List<(string Subtask, JsonElement Output)> Outputs(params string[] outputs) =>
        [.. outputs.Select((output, i) => ($"s{i + 1}", Json(output)))];

    static AggregationResult Aggregate(AggregationStrategy strategy, int? quorum, string? field, params string[] outputs) =>
        Aggregator.Aggregate(new AggregationSpec(strategy, quorum, field), Outputs(outputs));

    [Fact]
    public void Aggregate_Concatenate_ListsOutputsInOrder()
    {
        var result = Aggregate(AggregationStrategy.Concatenate, null, null, "1", """{"a":2}""", "\"three\"");

        result.Succeeded.ShouldBeTrue();
        result.Output!.Value.GetRawText().ShouldBe("""[1,{"a":2},"three"]""");
    }

    [Fact]
    public void Aggregate_MergeJson_MergesDeeplyLaterWins()
    {
        var result = Aggregate(AggregationStrategy.MergeJson, null, null,
            """{"a":1,"nested":{"x":1,"y":1},"list":[1]}""", """{"b":2,"nested":{"y":2,"z":2},"list":[2,3]}""");

        result.Succeeded.ShouldBeTrue();
        var output = result.Output!.Value;
        output.GetProperty("a").GetInt32().ShouldBe(1);
        output.GetProperty("b").GetInt32().ShouldBe(2);
        output.GetProperty("nested").GetRawText().ShouldBe("""{"x":1,"y":2,"z":2}""");
        output.GetProperty("list").GetRawText().ShouldBe("[2,3]");
    }

    [Fact]
    public void Aggregate_MergeJsonWithNonObject_FailsNamingTheSubtask()
    {
        var result = Aggregate(AggregationStrategy.MergeJson, null, null, """{"a":1}""", "[1]");

        result.Succeeded.ShouldBeFalse();
        result.Output.ShouldBeNull();
        result.Error.ShouldBe("merge-json needs JSON objects, but the output of 's2' is an array.");
    }

    [Fact]
    public void Aggregate_MajorityVote_PicksTheValueWithMostVotes()
    {
        var result = Aggregate(AggregationStrategy.MajorityVote, null, null, """{"a":1,"b":2}""", """{"b":2,"a":1}""", """{"a":9}""");

        result.Succeeded.ShouldBeTrue();
        var output = result.Output!.Value;
        output.GetProperty("value").GetProperty("a").GetInt32().ShouldBe(1);
        output.GetProperty("votes").GetInt32().ShouldBe(2);
        output.GetProperty("of").GetInt32().ShouldBe(3);
        output.GetProperty("agreeing").EnumerateArray().Select(v => v.GetString()).ShouldBe(["s1", "s2"]);
    }

    [Fact]
    public void Aggregate_MajorityVoteOnField_ComparesOnlyTheField()
    {
        var result = Aggregate(AggregationStrategy.MajorityVote, null, "verdict.ok",
            """{"verdict":{"ok":true},"by":"x"}""", """{"verdict":{"ok":false}}""", """{"verdict":{"ok":true},"by":"y"}""", """{"other":1}""");

        result.Succeeded.ShouldBeTrue();
        result.Output!.Value.GetProperty("value").GetBoolean().ShouldBeTrue();
        result.Output.Value.GetProperty("agreeing").EnumerateArray().Select(v => v.GetString()).ShouldBe(["s1", "s3"]);
        result.Output.Value.GetProperty("of").GetInt32().ShouldBe(4);
    }

    [Fact]
    public void Aggregate_MajorityVoteTie_FailsNamingTheTiedValues()
    {
        var result = Aggregate(AggregationStrategy.MajorityVote, null, null, "\"yes\"", "\"no\"", "\"yes\"", "\"no\"");

        result.Succeeded.ShouldBeFalse();
        result.Error!.ShouldContain("tied at 2 votes");
        result.Error!.ShouldContain("\"yes\" (s1, s3)");
        result.Error!.ShouldContain("\"no\" (s2, s4)");
    }

    [Fact]
    public void Aggregate_QuorumReached_ReturnsTheValue()
    {
        var result = Aggregate(AggregationStrategy.Quorum, 2, null, "1", "2", "1.0", "3");

        result.Succeeded.ShouldBeTrue();
        result.Output!.Value.GetProperty("votes").GetInt32().ShouldBe(2);
        result.Output.Value.GetProperty("quorum").GetInt32().ShouldBe(2);
        result.Output.Value.GetProperty("agreeing").EnumerateArray().Select(v => v.GetString()).ShouldBe(["s1", "s3"]);
    }

    [Fact]
    public void Aggregate_QuorumMissed_Fails()
    {
        var result = Aggregate(AggregationStrategy.Quorum, 3, null, "1", "2", "1");

        result.Succeeded.ShouldBeFalse();
        result.Error!.ShouldContain("No quorum: 3 of 3 outputs must agree, but at most 2 do");
    }

    [Theory]
    [InlineData(AggregationStrategy.Reviewer)]
    [InlineData(AggregationStrategy.Agent)]
    public void Aggregate_ToolStrategies_NeedTheEngine(AggregationStrategy strategy) =>
        Aggregate(strategy, null, null, "1").Error!.ShouldContain("needs a tool");

    [Fact]
    public void Aggregate_VoteWithoutOutputs_Fails() =>
        Aggregate(AggregationStrategy.MajorityVote, null, null).Succeeded.ShouldBeFalse();
}
