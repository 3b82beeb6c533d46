namespace Lightning.Testing.Results.JUnit;

/// <summary>
/// Writes JUnit XML that Jenkins' JUnit plugin reads: a <c>testsuites</c> root, counts on every suite, one
/// <c>testcase</c> per case with failure, error or skipped. Retries are written the way Maven Surefire writes them
/// (<c>flakyFailure</c>/<c>flakyError</c> for a flaky case, <c>rerunFailure</c>/<c>rerunError</c> after the failure of a
/// case that failed every run), suite-level errors as <c>error</c> elements under <c>testsuite</c> as Ant does, and
/// attributes the model keeps as properties as <c>property</c> elements. Reading the file back gives the same model.
/// </summary>
public sealed class JUnitXmlWriter : ITestReportWriter
{
    public TestReportFormat Format => TestReportFormat.JUnitXml;

    public string FileExtension => ".xml";

    public async Task WriteAsync(TestRun run, Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(stream);
        await using var xml = new XmlReportWriter(stream);
        await xml.StartDocumentAsync();
        await xml.StartAsync("testsuites");
        await xml.AttributeAsync("name", run.Name);
        await WriteCountsAsync(xml, run.EnumerateCases(), run.EnumerateSuites().Sum(suite => suite.Errors.Count));
        await xml.AttributeAsync("time", run.Duration is { } duration ? ReportValues.FormatSeconds(duration) : null);
        await xml.AttributeAsync("timestamp", run.StartedAt is { } startedAt ? ReportValues.FormatTimestamp(startedAt) : null);
        await WritePropertiesAsync(xml, run.Properties);
        foreach (var suite in JUnitDialect.ToReportLines(run.Suites, run.Framework))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await WriteSuiteAsync(xml, suite, run.Framework, cancellationToken);
        }

        await xml.TextElementAsync("system-out", run.Stdout);
        await xml.TextElementAsync("system-err", run.Stderr);
        await xml.EndAsync();
        await xml.FlushAsync();
    }

    const string XmlSchemaInstance = "http://www.w3.org/2001/XMLSchema-instance";

    static async Task WriteSuiteAsync(XmlReportWriter xml, TestSuite suite, string? framework, CancellationToken cancellationToken)
    {
        await xml.StartAsync("testsuite");
        await xml.AttributeAsync("name", suite.Name);
        await WriteCountsAsync(xml, suite.EnumerateCases(), suite.EnumerateSuites().Sum(nested => nested.Errors.Count));
        await xml.AttributeAsync("time", suite.Duration is { } duration ? ReportValues.FormatSeconds(duration) : null);
        await xml.AttributeAsync("timestamp", suite.Timestamp is { } timestamp ? ReportValues.FormatTimestamp(timestamp) : null);
        await xml.AttributeAsync("hostname", suite.Hostname);
        await xml.AttributeAsync("file", suite.File);
        if (framework == JUnitDialect.Surefire)
        {
            await xml.AttributeAsync("xsi", "noNamespaceSchemaLocation", XmlSchemaInstance, JUnitDialect.SurefireSchemaLocation);
        }

        await WritePropertiesAsync(xml, suite.Properties);
        foreach (var error in suite.Errors)
        {
            await WriteFailureAsync(xml, error);
        }

        foreach (var testCase in suite.Cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await WriteCaseAsync(xml, testCase);
        }

        foreach (var nested in suite.Suites)
        {
            await WriteSuiteAsync(xml, nested, framework, cancellationToken);
        }

        await xml.TextElementAsync("system-out", suite.Stdout);
        await xml.TextElementAsync("system-err", suite.Stderr);
        await xml.EndAsync();
    }

    static async Task WriteCaseAsync(XmlReportWriter xml, TestCase testCase)
    {
        await xml.StartAsync("testcase");
        await xml.AttributeAsync("name", testCase.Name);
        await xml.AttributeAsync("classname", testCase.ClassName);
        await xml.AttributeAsync("file", testCase.File);
        await xml.AttributeAsync("line", testCase.Line);
        await xml.AttributeAsync("time", testCase.Duration is { } duration ? ReportValues.FormatSeconds(duration) : null);
        await xml.AttributeAsync("timestamp", testCase.StartedAt is { } startedAt ? ReportValues.FormatTimestamp(startedAt) : null);
        await WritePropertiesAsync(xml, testCase.Properties);
        foreach (var failure in testCase.Failures)
        {
            await WriteFailureAsync(xml, failure);
        }

        if (testCase.Skip is { } skip)
        {
            await xml.StartAsync("skipped");
            await xml.AttributeAsync("message", skip.Message);
            await xml.AttributeAsync("type", skip.Type);
            if (skip.Details is not null)
            {
                await xml.TextAsync(skip.Details);
            }

            await xml.EndAsync();
        }

        await WriteRetriesAsync(xml, testCase);
        await xml.TextElementAsync("system-out", testCase.Stdout);
        await xml.TextElementAsync("system-err", testCase.Stderr);
        await xml.EndAsync();
    }

    /// <summary>
    /// A flaky case lists its failed attempts as flaky elements (the final, passing one is implied); a case that failed
    /// every run has its first attempt in the failure element and the rest as rerun elements.
    /// </summary>
    static async Task WriteRetriesAsync(XmlReportWriter xml, TestCase testCase)
    {
        if (testCase.Attempts.Count == 0)
        {
            return;
        }

        IEnumerable<TestAttempt> retries;
        string prefix;
        if (testCase.Outcome == TestOutcome.Flaky)
        {
            retries = testCase.Attempts.Where(attempt => attempt.Outcome is TestOutcome.Failed or TestOutcome.Errored);
            prefix = "flaky";
        }
        else if (testCase.Failures.Count > 0)
        {
            retries = testCase.Attempts.Skip(1);
            prefix = "rerun";
        }
        else
        {
            return;
        }

        foreach (var attempt in retries)
        {
            var isError = attempt.Outcome == TestOutcome.Errored || attempt.Failure?.Kind == TestFailureKind.Error;
            await xml.StartAsync(prefix + (isError ? "Error" : "Failure"));
            await xml.AttributeAsync("message", attempt.Failure?.Message);
            await xml.AttributeAsync("type", attempt.Failure?.Type);
            // Not in Surefire's schema; Jenkins ignores it, and it keeps a retry's duration when the model has one.
            await xml.AttributeAsync("time", attempt.Duration is { } duration ? ReportValues.FormatSeconds(duration) : null);
            await xml.TextElementAsync("stackTrace", attempt.Failure?.Stack);
            await xml.TextElementAsync("system-out", attempt.Stdout);
            await xml.TextElementAsync("system-err", attempt.Stderr);
            await xml.EndAsync();
        }
    }

    static async Task WriteFailureAsync(XmlReportWriter xml, TestFailure failure)
    {
        await xml.StartAsync(failure.Kind == TestFailureKind.Error ? "error" : "failure");
        await xml.AttributeAsync("message", failure.Message);
        await xml.AttributeAsync("type", failure.Type);
        if (failure.Stack is not null)
        {
            await xml.TextAsync(failure.Stack);
        }

        await xml.EndAsync();
    }

    static async Task WritePropertiesAsync(XmlReportWriter xml, IReadOnlyList<TestProperty> properties)
    {
        if (properties.Count == 0)
        {
            return;
        }

        await xml.StartAsync("properties");
        foreach (var property in properties)
        {
            await xml.StartAsync("property");
            await xml.AttributeAsync("name", property.Name);
            await xml.AttributeAsync("value", property.Value);
            await xml.EndAsync();
        }

        await xml.EndAsync();
    }

    static async Task WriteCountsAsync(XmlReportWriter xml, IEnumerable<TestCase> cases, int suiteErrors)
    {
        var totals = TestTotals.Of(cases, suiteErrors);
        await xml.AttributeAsync("tests", totals.Total);
        await xml.AttributeAsync("failures", totals.Failed);
        await xml.AttributeAsync("errors", totals.Errored + totals.SuiteErrors);
        await xml.AttributeAsync("skipped", totals.Skipped);
    }
}
