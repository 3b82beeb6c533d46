using System.Text.Json;
using Lightning.Collaboration.Planning;
using Lightning.Collaboration.Tasks;
using Lightning.Collaboration.Tests.Tasks;

namespace Lightning.Collaboration.Tests.Planning;

public sealed class RepositoryCheckTemplateTests
{
    [Fact]
    public void Expand_Defaults_AnalysesTheWorkspaceAndReports()
    {
        var plan = new RepositoryCheckTemplate().Expand(new Dictionary<string, JsonElement>(), new SplittingRules());

        plan.Subtasks.Select(s => s.Id).ShouldBe(["analyse", "report"]);
        plan.Subtasks[0].Tool.ShouldBe("repository-analysis");
        plan.Subtasks[0].Input!.Value.GetProperty("path").GetString().ShouldBe(".");
        plan.Subtasks[1].Aggregate!.Strategy.ShouldBe(AggregationStrategy.Concatenate);
        plan.Result.ShouldBe("report");
        TaskGraph.Build(plan, TestCatalogs.Default(), null).Count.ShouldBe(2);
    }

    [Fact]
    public void Expand_Path_IsPassedToTheAnalysis()
    {
        var plan = new RepositoryCheckTemplate().Expand(
            new Dictionary<string, JsonElement> { ["path"] = JsonSerializer.SerializeToElement("services/api") }, new SplittingRules());

        plan.Subtasks[0].Input!.Value.GetProperty("path").GetString().ShouldBe("services/api");
    }
}
