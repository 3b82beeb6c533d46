using Lightning.Testing.Results.Events;
using Lightning.Testing.Results.GoTest;
using Lightning.Testing.Results.JUnit;
using Lightning.Testing.Results.Tap;
using Lightning.Testing.Results.Trx;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Testing.Results;

public static class ResultsServiceCollectionExtensions
{
    /// <summary>The report parsers, the exporters and <see cref="TestReportReader"/>; all stateless singletons.</summary>
    public static IServiceCollection AddTestResults(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITestReportParser, JUnitXmlParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITestReportParser, TrxParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITestReportParser, TapParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITestReportParser, GoTestJsonParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITestReportParser, TestEventStreamReader>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITestReportWriter, JUnitXmlWriter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITestReportWriter, TrxWriter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITestReportWriter, TestEventStreamWriter>());
        services.TryAddSingleton(provider => new TestReportReader(provider.GetServices<ITestReportParser>()));
        return services;
    }
}
