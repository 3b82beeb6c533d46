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
            }).Build())
            .AddLogging()
            .AddLightningTesting();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        provider.GetRequiredService<ITestRunner>().ShouldBeOfType<TestRunner>();
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
