using System.Text.Json;
using Lightning.Collaboration.Planning;
using Lightning.Collaboration.Tasks;
using Lightning.Collaboration.Tests.Tasks;

namespace Lightning.Collaboration.Tests.Planning;

public sealed class ComplexityScorerTests
{
    static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    static TaskGraph Graph(params SubtaskSpec[] subtasks) => TaskGraph.Build(new TaskPlan { Subtasks = subtasks }, TestCatalogs.Default(), null);

    [Fact]
    public void Score_SingleEcho_IsTrivialZero()
    {
        var score = new ComplexityScorer().Score(Graph(new SubtaskSpec { Id = "a", Tool = "echo" }), TestCatalogs.Default());

        score.Score.ShouldBe(0);
        score.Level.ShouldBe(ComplexityLevel.Trivial);
        score.Nodes.ShouldBe(1);
        score.MaxDepth.ShouldBe(1);
        score.Width.ShouldBe(1);
        score.Effort.ShouldBe(0);
        score.Reasons.Count.ShouldBe(5);
    }

    [Fact]
    public void Score_AnalyseThenPrompt_FollowsTheFormula()
    {
        var graph = Graph(
            new SubtaskSpec { Id = "analyse", Tool = "repository-analysis", Input = Json("""{"path":"."}""") },
            new SubtaskSpec { Id = "ask", Tool = "prompt", Input = Json("""{"prompt":"sum up"}"""), DependsOn = ["analyse"] });

        var score = new ComplexityScorer().Score(graph, TestCatalogs.Default());

        // size 10·log2(2)=10, depth 5·1=5, width 0, diversity 2·1 + 2·2 = 6, effort 4·log2(1+2+5)=12.
        score.Score.ShouldBe(33);
        score.Level.ShouldBe(ComplexityLevel.Simple);
        score.Tools.ShouldBe(2);
        score.Capabilities.ShouldBe(2);
        score.Effort.ShouldBe(7);
        score.Reasons.ShouldContain(reason => reason.Contains("prompt 1×5", StringComparison.Ordinal));
    }

    [Fact]
    public void Score_WideFanOutOfCommands_IsComplex()
    {
        var items = Enumerable.Range(1, 100).Select(i => new SubtaskSpec { Id = $"i{i}", Tool = "command", Input = Json("""{"command":["true"]}""") }).ToList();
        items.Add(new SubtaskSpec { Id = "all", DependsOn = [.. items.Select(i => i.Id)], Aggregate = new AggregationSpec(AggregationStrategy.Concatenate) });

        var score = new ComplexityScorer().Score(Graph([.. items]), TestCatalogs.Default());

        // size 30 (capped), depth 5, width 15 (capped), diversity 0 + 2, effort 20 (capped).
        score.Score.ShouldBe(72);
        score.Level.ShouldBe(ComplexityLevel.Complex);
        score.Width.ShouldBe(100);
        score.Effort.ShouldBe(300);
    }

    [Fact]
    public void Score_UnknownTool_WeighsThree()
    {
        var scorer = new ComplexityScorer(new Dictionary<string, double>(StringComparer.Ordinal));

        scorer.Score(Graph(new SubtaskSpec { Id = "a", Tool = "echo" })).Effort.ShouldBe(ComplexityScorer.UnknownToolWeight);
    }

    [Fact]
    public void Score_SameGraph_IsDeterministic()
    {
        var graph = Graph(new SubtaskSpec { Id = "a", Tool = "echo" }, new SubtaskSpec { Id = "b", Tool = "command", Input = Json("""{"command":["ls"]}"""), DependsOn = ["a"] });

        new ComplexityScorer().Score(graph, TestCatalogs.Default()).ShouldBeEquivalentTo(new ComplexityScorer().Score(graph, TestCatalogs.Default()));
    }

    [Theory]
    [InlineData(0, ComplexityLevel.Trivial)]
    [InlineData(14, ComplexityLevel.Trivial)]
    [InlineData(15, ComplexityLevel.Simple)]
    [InlineData(35, ComplexityLevel.Moderate)]
    [InlineData(60, ComplexityLevel.Complex)]
    [InlineData(80, ComplexityLevel.VeryComplex)]
    [InlineData(100, ComplexityLevel.VeryComplex)]
    public void LevelOf_Score_PicksTheBand(int score, ComplexityLevel level) => ComplexityScorer.LevelOf(score).ShouldBe(level);
}
