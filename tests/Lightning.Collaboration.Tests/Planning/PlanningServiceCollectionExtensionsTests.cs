using System.Text.Json;
using Lightning.Agents.Llm;
using Lightning.Collaboration.Planning;
using Lightning.Collaboration.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Collaboration.Tests.Planning;

public sealed class PlanningServiceCollectionExtensionsTests
{
    sealed class Custom : ITaskTemplate
    {
        public string Name => "custom";

        public string Description => "Custom.";

        public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

        public TaskPlan Expand(IReadOnlyDictionary<string, JsonElement> parameters, SplittingRules rules) => new();
    }

    [Fact]
    public void AddLightningPlanning_ResolvesThePlannerAndRegisteredTemplates()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new ChatModel(null, null));
        services.AddSingleton<ITaskTemplate, Custom>();
        services.AddLightningPlanning();
        services.AddLightningPlanning();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<TaskPlanner>().ShouldNotBeNull();
        provider.GetRequiredService<LlmPlanner>().IsConfigured.ShouldBeFalse();
        provider.GetRequiredService<TemplateCatalog>().All.Select(t => t.Name).ShouldBe(["fan-out", "pipeline", "repository-check", "custom"], ignoreOrder: true);
        provider.GetServices<ITaskTemplate>().Count().ShouldBe(4);
    }
}
