using Lightning.Monitoring.Collectors;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Tests.Collectors;

internal static class CollectorTestOptions
{
    public static IOptions<CollectorOptions> Create(Action<CollectorOptions>? configure = null)
    {
        var options = new CollectorOptions();
        configure?.Invoke(options);
        return Options.Create(options);
    }
}
