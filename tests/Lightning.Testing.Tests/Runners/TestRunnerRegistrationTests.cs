using Lightning.Testing.Runners;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Tests.Runners;

public sealed class TestRunnerRegistrationTests
{
    [Fact]
    public void AddLightningTesting_RegistersTheRunnerAndItsOptions()
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Lightning:Testing:Runner:TimeoutSeconds"] = "90",
                ["Lightning:Testing:Runner:MaxParallelProjects"] = "3",
            }).Build())
            .AddLogging()
            .AddLightningTesting();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // Projects in parallel and shards, over the real runner.
        provider.GetRequiredService<ITestRunner>().ShouldBeOfType<Lightning.Testing.Parallel.ParallelTestRunner>();
        provider.GetRequiredService<TestRunner>().ShouldNotBeNull();
        provider.GetRequiredService<IOptions<Lightning.Testing.Parallel.ParallelRunOptions>>().Value.MaxParallelProjects.ShouldBe(3);
        provider.GetRequiredService<IOptions<TestRunnerOptions>>().Value.TimeoutSeconds.ShouldBe(90);
    }

    [Fact]
    public void AddLightningTesting_InvalidOptions_FailValidation()
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Lightning:Testing:Runner:MaxRetries"] = "1000",
            }).Build())
            .AddLogging()
            .AddLightningTesting();
        using var provider = services.BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TestRunnerOptions>>().Value);
    }
}
