using Lightning.Testing.Runners;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Testing.Parallel;

public static class ParallelServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="ITestRunner"/> as <see cref="ParallelTestRunner"/> over the real <see cref="TestRunner"/>: projects of
    /// different frameworks at once, shards. Needs the runner and the run history registered.
    /// </summary>
    public static IServiceCollection AddParallelTestRunner(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ParallelRunOptions>().BindConfiguration(ParallelRunOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TestRunner>();
        services.TryAddSingleton<ShardCollector>();
        services.TryAddSingleton<ITestRunner, ParallelTestRunner>();
        return services;
    }
}
