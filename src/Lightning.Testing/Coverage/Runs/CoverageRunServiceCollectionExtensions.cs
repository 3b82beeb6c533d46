using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Testing.Coverage.Runs;

public static class CoverageRunServiceCollectionExtensions
{
    /// <summary>Coverage of runs: <see cref="TestCoverageStore"/> and <see cref="TestCoverageService"/> (needs the history's database and <see cref="Git.Repositories.GitCli"/>).</summary>
    public static IServiceCollection AddTestRunCoverage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<TestCoverageStore>();
        services.TryAddSingleton<TestCoverageService>();
        return services;
    }
}
