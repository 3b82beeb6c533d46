using Lightning.Agents.Llm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Collaboration.Planning;

public static class PlanningServiceCollectionExtensions
{
    /// <summary>
    /// The task planner and its parts: templates (built-ins plus every registered <see cref="ITaskTemplate"/>), the
    /// description and LLM planners and the complexity scorer. Needs <see cref="ChatModel"/> (from AddLightningAgents);
    /// without one registered, the LLM planner is off.
    /// </summary>
    public static IServiceCollection AddLightningPlanning(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var template in TemplateCatalog.BuiltIns())
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(ITaskTemplate), template.GetType()));
        }

        services.TryAddSingleton(provider => new TemplateCatalog(provider.GetServices<ITaskTemplate>()));
        services.TryAddSingleton(new SplittingRules());
        services.TryAddSingleton(_ => new ComplexityScorer());
        services.TryAddSingleton(_ => new DescriptionPlanner());
        services.TryAddSingleton(provider => new LlmPlanner(provider.GetService<ChatModel>() ?? new ChatModel(null, null)));
        services.TryAddSingleton<TaskPlanner>();
        return services;
    }
}
