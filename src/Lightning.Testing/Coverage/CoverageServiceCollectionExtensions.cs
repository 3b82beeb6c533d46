using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Testing.Coverage;

public static class CoverageServiceCollectionExtensions
{
    /// <summary>The coverage parsers, <see cref="CoverageReader"/> and <see cref="CoverageLoader"/>; all stateless singletons.</summary>
    public static IServiceCollection AddTestCoverage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var parser in CoverageReader.BuiltInParsers())
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(ICoverageParser), parser.GetType()));
        }

        services.TryAddSingleton(provider => new CoverageReader(provider.GetServices<ICoverageParser>()));
        services.TryAddSingleton<CoverageLoader>();
        return services;
    }
}
