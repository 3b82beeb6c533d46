using System.Xml;

namespace Lightning.Testing.Results.JUnit;

/// <summary>
/// Reads JUnit XML in the dialects found in the wild, streaming with <see cref="XmlReader"/>:
/// Ant and Jenkins (<c>testsuites</c>/<c>testsuite</c>/<c>testcase</c>, suite-level output and errors, properties),
/// Maven Surefire (<c>flakyFailure</c>, <c>flakyError</c>, <c>rerunFailure</c>, <c>rerunError</c> become attempts),
/// pytest xunit1 and xunit2, jest-junit, the JUnit 5 console launcher's legacy reports, PHPUnit's nested suites and
/// RSpec's formatter. Attributes without a place in the model (PHPUnit's <c>assertions</c>, Surefire's <c>group</c>)
/// are kept as properties; counts (<c>tests</c>, <c>failures</c>, ...) are recomputed from the cases.
/// </summary>
public sealed partial class JUnitXmlParser : ITestReportParser
{
    public TestReportFormat Format => TestReportFormat.JUnitXml;

    public async Task<TestRun> ParseAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        using var reader = XmlReader.Create(stream, XmlReports.ReaderSettings());
        try
        {
            return await new Reading(reader, source, cancellationToken).ReadRunAsync();
        }
        catch (XmlException exception)
        {
            throw XmlReports.Malformed(exception, reader, source);
        }
    }
}
