using Lightning.Testing.Generation;

namespace Lightning.Testing.Tests.Generation;

public sealed class CallPlannerTests
{
    static readonly TestPoint Clamp = new()
    {
        Name = "clamp",
        Parameters = [new() { Name = "value", Type = "int" }, new() { Name = "low", Type = "int", Default = "0" }],
    };

    [Fact]
    public void Plan_VariesOneParameterAtATime()
    {
        var notes = new List<string>();

        var calls = CallPlanner.Plan(new CodeAnalysis("calc.py", GenerationLanguage.Python, [Clamp], []), notes);

        calls[0].Arguments.Select(a => a.Input.Source).ShouldBe(["3"]);
        calls[0].Labels.ShouldBe(string.Empty);
        calls.ShouldContain(call => call.Labels == "negative" && call.Arguments.Count == 1);
        // The optional parameter is passed after the typical required one.
        calls.ShouldContain(call => call.Arguments.Count == 2 && call.Arguments[1].Input.Label == "large");
        notes.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_AsyncGenerator_IsLeftOutWithANote()
    {
        var notes = new List<string>();

        var calls = CallPlanner.Plan(new CodeAnalysis("io.py", GenerationLanguage.Python, [new TestPoint { Name = "stream", IsAsync = true, IsGenerator = true }], []), notes);

        calls.ShouldBeEmpty();
        notes.ShouldHaveSingleItem().ShouldContain("stream is an asynchronous generator");
    }

    [Fact]
    public void Plan_PythonCoroutineAndGenerator_ArePlannedButAJavaScriptGeneratorIsNot()
    {
        var notes = new List<string>();

        var python = CallPlanner.Plan(new CodeAnalysis("io.py", GenerationLanguage.Python,
            [new TestPoint { Name = "fetch", IsAsync = true }, new TestPoint { Name = "count", IsGenerator = true }], []), notes);
        var javascript = CallPlanner.Plan(new CodeAnalysis("io.js", GenerationLanguage.JavaScript,
            [new TestPoint { Name = "load", IsAsync = true }, new TestPoint { Name = "ids", IsGenerator = true }], []), notes);

        python.Select(call => call.Point.Name).ShouldBe(["fetch", "count"]);
        javascript.Select(call => call.Point.Name).ShouldBe(["load"]);
        notes.ShouldHaveSingleItem().ShouldContain("ids is a generator");
    }

    [Fact]
    public void NewPaths_KeepsOnlyCallsThatRunNewLines()
    {
        var calls = CallPlanner.Plan(new CodeAnalysis("calc.py", GenerationLanguage.Python, [Clamp], []), new List<string>());
        var observations = calls.ToDictionary(c => c.Id, c => new Observation
        {
            Id = c.Id,
            Kind = "returned",
            Value = "1",
            Stable = true,
            Covered = c.Labels == "negative" ? new HashSet<string> { "2", "3" } : new HashSet<string> { "2", "5" },
        });

        var kept = CallPlanner.NewPaths(calls, observations);

        kept.Select(k => k.Call.Labels).ShouldBe(["", "negative"]);
    }
}
