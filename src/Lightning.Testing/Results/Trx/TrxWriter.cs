using System.Security.Cryptography;
using System.Text;

namespace Lightning.Testing.Results.Trx;

/// <summary>
/// Writes TRX as the VSTest TRX logger does: results, one definition per result, entries, the two standard test
/// lists and a summary with counters, run output and run infos. Top-level suites are classes (name = class, file =
/// assembly); a nested suite is written as a data-driven result with its cases as inner results. Ids are GUIDs
/// derived from the case ids, so the same run always gives the same file. TRX has no place for retries, failure
/// types or suite properties: those are lost, and a flaky case is written as passed.
/// </summary>
public sealed class TrxWriter : ITestReportWriter
{
    const string TestType = "13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b";
    const string ResultsNotInAList = "8c84fa94-04c1-424b-9868-57a2d4851a1d";
    const string AllLoadedResults = "19431567-8539-422a-85d7-44ee4e166bda";
    const string Adapter = "executor://lightning/";

    static readonly HashSet<string> WrittenProperties = new(StringComparer.Ordinal) { TrxOutcomes.Property, "debugTrace", "message", "resultFile" };

    public TestReportFormat Format => TestReportFormat.Trx;

    public string FileExtension => ".trx";

    public async Task WriteAsync(TestRun run, Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(stream);
        var results = Flatten(run).ToList();
        await using var xml = new XmlReportWriter(stream);
        await xml.StartDocumentAsync();
        await xml.StartAsync("TestRun", TrxParser.Namespace);
        await xml.AttributeAsync("id", Guid(run.Name ?? "run", "run").ToString());
        await xml.AttributeAsync("name", run.Name);
        await xml.AttributeAsync("runUser", run.Properties.FirstOrDefault(property => property.Name == "runUser")?.Value);
        if (run.StartedAt is { } start)
        {
            var finish = run.FinishedAt ?? start + (run.Duration ?? TimeSpan.Zero);
            await xml.StartAsync("Times");
            await xml.AttributeAsync("creation", ReportValues.FormatTimestamp(start));
            await xml.AttributeAsync("queuing", ReportValues.FormatTimestamp(start));
            await xml.AttributeAsync("start", ReportValues.FormatTimestamp(start));
            await xml.AttributeAsync("finish", ReportValues.FormatTimestamp(finish));
            await xml.EndAsync();
        }

        await xml.StartAsync("Results");
        foreach (var result in results)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await WriteResultAsync(xml, result);
        }

        await xml.EndAsync();
        await WriteDefinitionsAsync(xml, results);
        await WriteEntriesAsync(xml, results);
        await WriteListsAsync(xml);
        await WriteSummaryAsync(xml, run);
        await xml.EndAsync();
        await xml.FlushAsync();
    }

    /// <summary>A result to write: a case, or a nested suite standing for a data-driven test and its rows.</summary>
    sealed record Result(string Key, TestSuite Class, TestCase? Case, TestSuite? DataDriven)
    {
        public string TestName => Case is not null ? FullName(Case) : QualifiedName(Class.Name, DataDriven!.Name);

        public string ClassName => Case?.ClassName ?? Class.Name;

        public IReadOnlyList<TestProperty> Properties => Case?.Properties ?? DataDriven!.Properties;
    }

    static IEnumerable<Result> Flatten(TestRun run)
    {
        var index = 0;
        foreach (var suite in run.Suites)
        {
            foreach (var testCase in suite.Cases)
            {
                yield return new Result($"{index++}:{testCase.Id}", suite, testCase, null);
            }

            foreach (var nested in suite.Suites)
            {
                yield return new Result($"{index++}:{suite.Name}/{nested.Name}", suite, null, nested);
            }
        }
    }

    static async Task WriteResultAsync(XmlReportWriter xml, Result result)
    {
        if (result.Case is { } testCase)
        {
            await WriteCaseResultAsync(xml, result, testCase, parent: null, row: null);
            return;
        }

        var suite = result.DataDriven!;
        var cases = suite.EnumerateCases().ToList();
        var outcome = suite.Properties.FirstOrDefault(property => property.Name == TrxOutcomes.Property)?.Value
            ?? TrxOutcomes.Write(suite.Errors.Count > 0 || cases.Any(c => c.Outcome is TestOutcome.Failed or TestOutcome.Errored) ? TestOutcome.Failed : TestOutcome.Passed);
        await xml.StartAsync("UnitTestResult");
        await WriteResultAttributesAsync(xml, result, result.TestName, suite.Hostname, suite.Duration, suite.Timestamp, outcome, parent: null);
        await xml.AttributeAsync("resultType", "DataDrivenTest");
        await WriteOutputAsync(xml, suite.Stdout, suite.Stderr, suite.Properties, suite.Errors.Count > 0 ? suite.Errors[0] : null, skip: null);
        await xml.StartAsync("InnerResults");
        for (var row = 0; row < cases.Count; row++)
        {
            await WriteCaseResultAsync(xml, result, cases[row], parent: result, row: row + 1);
        }

        await xml.EndAsync();
        await xml.EndAsync();
    }

    static async Task WriteCaseResultAsync(XmlReportWriter xml, Result result, TestCase testCase, Result? parent, int? row)
    {
        var outcome = testCase.Properties.FirstOrDefault(property => property.Name == TrxOutcomes.Property)?.Value ?? TrxOutcomes.Write(testCase.Outcome);
        await xml.StartAsync("UnitTestResult");
        var key = row is null ? result : result with { Key = $"{result.Key}#{row}" };
        await WriteResultAttributesAsync(xml, key, FullName(testCase), result.Class.Hostname, testCase.Duration, testCase.StartedAt, outcome, parent);
        if (row is { } dataRow)
        {
            await xml.AttributeAsync("dataRowInfo", dataRow);
            await xml.AttributeAsync("resultType", "DataDrivenDataRow");
        }

        await WriteOutputAsync(xml, testCase.Stdout, testCase.Stderr, testCase.Properties, testCase.Failure, testCase.Skip);
        await WriteResultFilesAsync(xml, testCase.Properties);
        await xml.EndAsync();
    }

    static async Task WriteResultAttributesAsync(
        XmlReportWriter xml, Result result, string testName, string? host, TimeSpan? duration, DateTimeOffset? start, string outcome, Result? parent)
    {
        await xml.AttributeAsync("executionId", ExecutionId(result).ToString());
        if (parent is not null)
        {
            await xml.AttributeAsync("parentExecutionId", ExecutionId(parent).ToString());
        }

        await xml.AttributeAsync("testId", TestId(parent ?? result).ToString());
        await xml.AttributeAsync("testName", testName);
        await xml.AttributeAsync("computerName", host);
        await xml.AttributeAsync("duration", duration?.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        if (start is { } startTime)
        {
            await xml.AttributeAsync("startTime", ReportValues.FormatTimestamp(startTime));
            await xml.AttributeAsync("endTime", ReportValues.FormatTimestamp(startTime + (duration ?? TimeSpan.Zero)));
        }

        await xml.AttributeAsync("testType", TestType);
        await xml.AttributeAsync("outcome", outcome);
        await xml.AttributeAsync("testListId", ResultsNotInAList);
        await xml.AttributeAsync("relativeResultsDirectory", ExecutionId(result).ToString());
    }

    static async Task WriteOutputAsync(
        XmlReportWriter xml, string? stdout, string? stderr, IReadOnlyList<TestProperty> properties, TestFailure? failure, TestSkip? skip)
    {
        var debugTrace = properties.FirstOrDefault(property => property.Name == "debugTrace")?.Value;
        var messages = properties.Where(property => property.Name == "message").Select(property => property.Value).ToList();
        (string? Message, string? Stack) error = failure is not null ? (failure.Message, failure.Stack) : skip is not null ? (skip.Message, skip.Details) : default;
        if (stdout is null && stderr is null && debugTrace is null && messages.Count == 0 && failure is null && skip is null)
        {
            return;
        }

        await xml.StartAsync("Output");
        await xml.TextElementAsync("StdOut", stdout);
        await xml.TextElementAsync("StdErr", stderr);
        await xml.TextElementAsync("DebugTrace", debugTrace);
        if (failure is not null || skip is not null)
        {
            await xml.StartAsync("ErrorInfo");
            await xml.TextElementAsync("Message", error.Message);
            await xml.TextElementAsync("StackTrace", error.Stack);
            await xml.EndAsync();
        }

        if (messages.Count > 0)
        {
            await xml.StartAsync("TextMessages");
            foreach (var message in messages)
            {
                await xml.TextElementAsync("Message", message);
            }

            await xml.EndAsync();
        }

        await xml.EndAsync();
    }

    static async Task WriteResultFilesAsync(XmlReportWriter xml, IReadOnlyList<TestProperty> properties)
    {
        var files = properties.Where(property => property.Name == "resultFile").ToList();
        if (files.Count == 0)
        {
            return;
        }

        await xml.StartAsync("ResultFiles");
        foreach (var file in files)
        {
            await xml.StartAsync("ResultFile");
            await xml.AttributeAsync("path", file.Value);
            await xml.EndAsync();
        }

        await xml.EndAsync();
    }

    static async Task WriteDefinitionsAsync(XmlReportWriter xml, IReadOnlyList<Result> results)
    {
        await xml.StartAsync("TestDefinitions");
        foreach (var result in results)
        {
            await xml.StartAsync("UnitTest");
            await xml.AttributeAsync("name", result.TestName);
            await xml.AttributeAsync("storage", result.Class.File);
            await xml.AttributeAsync("id", TestId(result).ToString());
            var definitionProperties = result.Properties.Where(property => !WrittenProperties.Contains(property.Name)).ToList();
            var categories = definitionProperties.Where(property => property.Name == "category").ToList();
            var owners = definitionProperties.Where(property => property.Name == "owner").ToList();
            var traits = definitionProperties.Where(property => property.Name is not ("category" or "owner")).ToList();
            if (owners.Count > 0)
            {
                await xml.StartAsync("Owners");
                foreach (var owner in owners)
                {
                    await xml.StartAsync("Owner");
                    await xml.AttributeAsync("name", owner.Value);
                    await xml.EndAsync();
                }

                await xml.EndAsync();
            }

            if (categories.Count > 0)
            {
                await xml.StartAsync("TestCategory");
                foreach (var category in categories)
                {
                    await xml.StartAsync("TestCategoryItem");
                    await xml.AttributeAsync("TestCategory", category.Value);
                    await xml.EndAsync();
                }

                await xml.EndAsync();
            }

            if (traits.Count > 0)
            {
                await xml.StartAsync("Properties");
                foreach (var trait in traits)
                {
                    await xml.StartAsync("Property");
                    await xml.TextElementAsync("Key", trait.Name);
                    await xml.TextElementAsync("Value", trait.Value);
                    await xml.EndAsync();
                }

                await xml.EndAsync();
            }

            await xml.StartAsync("Execution");
            await xml.AttributeAsync("id", ExecutionId(result).ToString());
            await xml.EndAsync();
            await xml.StartAsync("TestMethod");
            await xml.AttributeAsync("codeBase", result.Class.File);
            await xml.AttributeAsync("adapterTypeName", Adapter);
            await xml.AttributeAsync("className", result.ClassName);
            await xml.AttributeAsync("name", MethodName(result.Case?.Name ?? result.DataDriven!.Name));
            await xml.EndAsync();
            await xml.EndAsync();
        }

        await xml.EndAsync();
    }

    static async Task WriteEntriesAsync(XmlReportWriter xml, IReadOnlyList<Result> results)
    {
        await xml.StartAsync("TestEntries");
        foreach (var result in results)
        {
            await xml.StartAsync("TestEntry");
            await xml.AttributeAsync("testId", TestId(result).ToString());
            await xml.AttributeAsync("executionId", ExecutionId(result).ToString());
            await xml.AttributeAsync("testListId", ResultsNotInAList);
            await xml.EndAsync();
        }

        await xml.EndAsync();
    }

    static async Task WriteListsAsync(XmlReportWriter xml)
    {
        await xml.StartAsync("TestLists");
        foreach (var (name, id) in new[] { ("Results Not in a List", ResultsNotInAList), ("All Loaded Results", AllLoadedResults) })
        {
            await xml.StartAsync("TestList");
            await xml.AttributeAsync("name", name);
            await xml.AttributeAsync("id", id);
            await xml.EndAsync();
        }

        await xml.EndAsync();
    }

    static async Task WriteSummaryAsync(XmlReportWriter xml, TestRun run)
    {
        var totals = run.Totals;
        var outcomes = run.EnumerateCases()
            .Select(testCase => testCase.Properties.FirstOrDefault(property => property.Name == TrxOutcomes.Property)?.Value ?? TrxOutcomes.Write(testCase.Outcome))
            .ToList();
        int Count(string outcome) => outcomes.Count(o => string.Equals(o, outcome, StringComparison.OrdinalIgnoreCase));

        await xml.StartAsync("ResultSummary");
        await xml.AttributeAsync("outcome", totals.Succeeded ? "Completed" : "Failed");
        await xml.StartAsync("Counters");
        await xml.AttributeAsync("total", totals.Total);
        await xml.AttributeAsync("executed", totals.Total - totals.Skipped);
        await xml.AttributeAsync("passed", totals.Passed + totals.Flaky);
        await xml.AttributeAsync("failed", totals.Failed);
        await xml.AttributeAsync("error", Count("Error"));
        await xml.AttributeAsync("timeout", Count("Timeout"));
        await xml.AttributeAsync("aborted", Count("Aborted"));
        await xml.AttributeAsync("inconclusive", Count("Inconclusive"));
        await xml.AttributeAsync("passedButRunAborted", Count("PassedButRunAborted"));
        await xml.AttributeAsync("notRunnable", Count("NotRunnable"));
        await xml.AttributeAsync("notExecuted", Count("NotExecuted"));
        await xml.AttributeAsync("disconnected", Count("Disconnected"));
        await xml.AttributeAsync("warning", Count("Warning"));
        await xml.AttributeAsync("completed", Count("Completed"));
        await xml.AttributeAsync("inProgress", Count("InProgress"));
        await xml.AttributeAsync("pending", Count("Pending"));
        await xml.EndAsync();
        if (run.Stdout is not null || run.Stderr is not null)
        {
            await xml.StartAsync("Output");
            await xml.TextElementAsync("StdOut", run.Stdout);
            await xml.TextElementAsync("StdErr", run.Stderr);
            await xml.EndAsync();
        }

        if (run.Messages.Count > 0)
        {
            await xml.StartAsync("RunInfos");
            foreach (var message in run.Messages)
            {
                await xml.StartAsync("RunInfo");
                await xml.AttributeAsync("computerName", message.Host);
                await xml.AttributeAsync("outcome", message.Level);
                await xml.AttributeAsync("timestamp", message.At is { } at ? ReportValues.FormatTimestamp(at) : null);
                await xml.TextElementAsync("Text", message.Text);
                await xml.EndAsync();
            }

            await xml.EndAsync();
        }

        await xml.EndAsync();
    }

    static string FullName(TestCase testCase) => QualifiedName(testCase.ClassName, testCase.Name);

    static string QualifiedName(string? className, string name) => string.IsNullOrEmpty(className) ? name : className + "." + name;

    /// <summary>The method a case name stands for: "Add(a: 1, b: 2)" and "AddRows (1,1,2)" both run method Add/AddRows.</summary>
    static string MethodName(string name)
    {
        var end = name.IndexOfAny([' ', '(']);
        return end > 0 ? name[..end] : name;
    }

    static Guid TestId(Result result) => Guid(result.Key, "test");

    static Guid ExecutionId(Result result) => Guid(result.Key, "execution");

    /// <summary>A name-based GUID (SHA-256 of the text, version bits set), so that the same run gives the same ids.</summary>
    static Guid Guid(string text, string purpose)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(purpose + "\n" + text), hash);
        var bytes = hash[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
