using System.Text.Json;
using Lightning.Collaboration.Planning;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Errors;

namespace Lightning.Collaboration.Tests.Planning;

public sealed class TemplateCatalogTests
{
    sealed class SingleEcho(string name) : ITaskTemplate
    {
        public string Name => name;

        public string Description => "One echo.";

        public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

        public TaskPlan Expand(IReadOnlyDictionary<string, JsonElement> parameters, SplittingRules rules) =>
            new() { Subtasks = [new SubtaskSpec { Id = "only", Tool = "echo" }] };
    }

    [Fact]
    public void Constructor_NoRegistrations_HasTheBuiltIns() =>
        new TemplateCatalog().All.Select(t => t.Name).ShouldBe(["fan-out", "pipeline", "repository-check"], ignoreOrder: true);

    [Fact]
    public void Constructor_Registrations_AddAndReplace()
    {
        var catalog = new TemplateCatalog([new SingleEcho("custom"), new SingleEcho("pipeline")]);

        catalog.All.Count.ShouldBe(4);
        catalog.Get("pipeline").ShouldBeOfType<SingleEcho>();
        catalog.Expand("custom", null, new SplittingRules()).Subtasks[0].Id.ShouldBe("only");
    }

    [Fact]
    public void Get_UnknownTemplate_ListsKnownOnes()
    {
        var exception = Should.Throw<ValidationFailedException>(() => new TemplateCatalog().Get("fanout"));

        exception.Errors["template"][0].ShouldContain("Known templates: fan-out, pipeline, repository-check");
    }
}
