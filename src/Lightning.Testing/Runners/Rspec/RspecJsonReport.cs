using System.Text.Json;
using Lightning.Testing.Results;

namespace Lightning.Testing.Runners.Rspec;

/// <summary>
/// Reads RSpec's own JSON report (<c>--format json</c>, in every RSpec 3): one suite per spec file, one case per example
/// with the ids rspec_junit_formatter would give (class: the file as a dotted path, <c>spec.calc_spec</c>; name: the full
/// description). <c>pending</c> examples are skipped (their message kept); a failed example whose exception is not an
/// expectation or mock error errored. Errors outside examples (a spec file that did not load) are a suite error.
/// </summary>
internal static class RspecJsonReport
{
    static readonly HashSet<string> ExpectationErrors = new(StringComparer.Ordinal)
    {
        "RSpec::Expectations::ExpectationNotMetError",
        "RSpec::Expectations::MultipleExpectationsNotMetError",
        "RSpec::Mocks::MockExpectationError",
    };

    public static async Task<TestRun> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new MalformedReportException(path, (int?)ex.LineNumber + 1, ex.Message, ex);
        }

        using (document)
        {
            return Read(document.RootElement, path);
        }
    }

    static TestRun Read(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("examples", out var examples) || examples.ValueKind != JsonValueKind.Array)
        {
            throw new MalformedReportException(path, null, "Not an RSpec JSON report: there is no \"examples\" array.");
        }

        var suites = new List<(string File, List<TestCase> Cases)>();
        foreach (var example in examples.EnumerateArray())
        {
            var file = (Text(example, "file_path") ?? "spec").TrimStart('.', '/');
            var name = Text(example, "full_description") ?? Text(example, "description")
                ?? throw new MalformedReportException(path, null, $"An example ({Text(example, "id") ?? "without id"}) has no description.");
            var className = ClassName(file);
            var testCase = Case(example, file, className, name);
            var suite = suites.FindIndex(entry => entry.File == file);
            if (suite < 0)
            {
                suites.Add((file, [testCase]));
            }
            else
            {
                suites[suite].Cases.Add(testCase);
            }
        }

        var summary = root.TryGetProperty("summary", out var summaryElement) && summaryElement.ValueKind == JsonValueKind.Object ? summaryElement : default;
        var messages = root.TryGetProperty("messages", out var messageElement) && messageElement.ValueKind == JsonValueKind.Array
            ? messageElement.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!).ToList()
            : [];
        var outside = summary.ValueKind == JsonValueKind.Object && summary.TryGetProperty("errors_outside_of_examples_count", out var count) && count.TryGetInt32(out var errors)
            ? errors
            : 0;

        var modelSuites = suites.Select(suite => new TestSuite { Name = suite.File, File = suite.File, Cases = suite.Cases }).ToList();
        if (outside > 0)
        {
            var text = string.Join("\n", messages);
            modelSuites.Add(new TestSuite
            {
                Name = "rspec",
                Errors = [new TestFailure(TestFailureKind.Error, ReportValues.FirstLine(text) ?? $"{outside} errors occurred outside of examples.", "outside-examples", text)],
            });
        }

        return new TestRun
        {
            Framework = "rspec",
            Duration = summary.ValueKind == JsonValueKind.Object && summary.TryGetProperty("duration", out var duration) && duration.TryGetDouble(out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : null,
            Suites = modelSuites,
            Messages = outside > 0 ? [] : messages.Select(message => new TestRunMessage("info", message, null, null)).ToList(),
        };
    }

    static TestCase Case(JsonElement example, string file, string className, string name)
    {
        var status = Text(example, "status");
        TestFailure? failure = null;
        if (example.TryGetProperty("exception", out var exception) && exception.ValueKind == JsonValueKind.Object)
        {
            var type = Text(exception, "class");
            var stack = exception.TryGetProperty("backtrace", out var backtrace) && backtrace.ValueKind == JsonValueKind.Array
                ? string.Join("\n", backtrace.EnumerateArray().Where(line => line.ValueKind == JsonValueKind.String).Select(line => line.GetString()))
                : null;
            failure = new TestFailure(type is not null && ExpectationErrors.Contains(type) ? TestFailureKind.Failure : TestFailureKind.Error,
                Text(exception, "message"), type, ReportValues.NullIfEmpty(stack));
        }

        var outcome = status switch
        {
            "passed" => TestOutcome.Passed,
            "pending" => TestOutcome.Skipped,
            "failed" when failure is { Kind: TestFailureKind.Failure } => TestOutcome.Failed,
            _ => TestOutcome.Errored,
        };
        return new TestCase
        {
            Id = TestCaseId.Create(className, name),
            Name = name,
            ClassName = className,
            File = file,
            Line = example.TryGetProperty("line_number", out var line) && line.TryGetInt32(out var number) ? number : null,
            Outcome = outcome,
            Duration = example.TryGetProperty("run_time", out var runTime) && runTime.TryGetDouble(out var seconds) ? TimeSpan.FromSeconds(seconds) : null,
            Failures = outcome is TestOutcome.Failed or TestOutcome.Errored && failure is not null ? [failure] : [],
            Skip = outcome == TestOutcome.Skipped ? new TestSkip(Text(example, "pending_message"), "pending", null) : null,
            Properties = Text(example, "id") is { } id ? [new TestProperty("rspecId", id)] : [],
        };
    }

    /// <summary><c>spec/calc_spec.rb</c> → <c>spec.calc_spec</c>, as rspec_junit_formatter names classes.</summary>
    internal static string ClassName(string file) =>
        (file.EndsWith(".rb", StringComparison.Ordinal) ? file[..^3] : file).Replace('/', '.');

    static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
