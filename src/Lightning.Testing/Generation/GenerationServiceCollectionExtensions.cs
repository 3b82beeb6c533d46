using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Testing.Generation;

public static class GenerationServiceCollectionExtensions
{
    /// <summary>
    /// Test generation: <see cref="TestGenerator"/> (uses an <c>IChatClient</c> when one is registered) (the static
    /// <see cref="TestGenerationWriter"/> writes accepted tests). Needs the runner, detector, probe and coverage of <see cref="TestingServiceCollectionExtensions.AddLightningTesting"/>.
    /// </summary>
    public static IServiceCollection AddTestGeneration(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TestGenerationOptions>().BindConfiguration(TestGenerationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TestGenerator>();
        services.TryAddSingleton<TestGenerationService>();
        return services;
    }
}
