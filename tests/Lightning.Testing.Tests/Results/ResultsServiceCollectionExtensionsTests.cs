using Lightning.Testing.Results;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.Results;

public sealed class ResultsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddTestResults_RegistersAParserForEveryFormatAndThreeExporters()
    {
        using var provider = new ServiceCollection().AddTestResults().AddTestResults().BuildServiceProvider();

        provider.GetServices<ITestReportParser>().Select(p => p.Format).Order().ShouldBe(Enum.GetValues<TestReportFormat>());
        provider.GetServices<ITestReportWriter>().Select(w => (w.Format, w.FileExtension)).ShouldBe(
            [(TestReportFormat.JUnitXml, ".xml"), (TestReportFormat.Trx, ".trx"), (TestReportFormat.EventStream, ".jsonl")]);
        provider.GetRequiredService<TestReportReader>().Formats.Count.ShouldBe(5);
    }
}
