using Lightning.Testing.History;
using Lightning.Testing.Optimization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Testing.Flaky;

public static class FlakyServiceCollectionExtensions
{
    /// <summary>Flaky-test detection (updated after every recorded run), quarantine, and the suite optimizer.</summary>
    public static IServiceCollection AddFlakyTests(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<FlakyOptions>().BindConfiguration(FlakyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetryPolicyOptions>().BindConfiguration(RetryPolicyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<RetryPolicyOptions>, RetryPolicyOptionsValidator>());
        services.TryAddSingleton<TestQuarantine>();
        services.TryAddSingleton<FlakyHistory>();
        services.TryAddSingleton<FlakyTestStore>();
        services.TryAddSingleton<GitChangeSets>();
        services.TryAddSingleton<FlakyDetector>();
        services.TryAddSingleton<RetryPolicy>();
        services.TryAddSingleton<SuiteOptimizer>();
        services.TryAddSingleton<SmartRunOrder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITestRunObserver, FlakyRunObserver>());
        return services;
    }
}
