using Lightning.Core.Processes;
using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Runs;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Generation;
using Lightning.Testing.History;
using Lightning.Testing.Parallel;
using Lightning.Testing.Results;
using Lightning.Testing.Runners;
using Lightning.Testing.Selection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Testing;

public static class TestingServiceCollectionExtensions
{
    /// <summary>The testing module: framework detection, toolchain probes, the runner, test reports, coverage reports, runs and their history.</summary>
    public static IServiceCollection AddLightningTesting(this IServiceCollection services)
    {
        services.AddOptions<TestDetectionOptions>().BindConfiguration(TestDetectionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TestToolchainOptions>().BindConfiguration(TestToolchainOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IProcessRunner, ProcessRunner>();
        services.TryAddSingleton<TestFrameworkDetector>();
        services.TryAddSingleton<ToolchainProbe>();
        services.AddTestResults();
        services.AddOptions<TestRunnerOptions>().BindConfiguration(TestRunnerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddParallelTestRunner();
        services.AddTestCoverage();
        services.AddTestRunHistory();
        services.AddTestRunCoverage();
        Flaky.FlakyServiceCollectionExtensions.AddFlakyTests(services);
        services.AddTestGeneration();
        services.AddTestSelection();
        return services;
    }
}
