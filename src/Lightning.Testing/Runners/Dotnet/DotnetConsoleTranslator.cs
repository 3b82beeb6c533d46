using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lightning.Core.Processes;
using Lightning.Testing.Results;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners.Dotnet;

/// <summary>
/// Reads the lines VSTest's console logger writes at normal verbosity as each result arrives:
/// <c>  Passed Ns.Class.Method(a: 1) [3 ms]</c>, <c>  Failed ...</c> followed by its <c>Error Message:</c> and
/// <c>Stack Trace:</c> blocks, <c>  Skipped ...</c>. The logger prints display names, not classes: the class is taken
/// as what precedes the last dot before any argument list, which is what the TRX report gives for xUnit, NUnit and
/// MSTest names (a custom display name without dots cannot be told apart, and is squared with the report at the end).
/// </summary>
internal sealed partial class DotnetConsoleTranslator(LiveRun live, DotnetTestClasses? classes = null) : LiveTranslator
{
    sealed class Pending(string key, TestOutcome outcome, TimeSpan? duration)
    {
        public string Key { get; } = key;
        public TestOutcome Outcome { get; } = outcome;
        public TimeSpan? Duration { get; } = duration;
        public StringBuilder? Message { get; set; }
        public StringBuilder? Stack { get; set; }
        public StringBuilder? Output { get; set; }
        public StringBuilder? Section { get; set; }
    }

    readonly DotnetLiveCases _cases = new(classes);
    Pending? _pending;

    public override async ValueTask<bool> OnLineAsync(OutputStream stream, string line)
    {
        if (stream != OutputStream.Stdout)
        {
            return false;
        }

        if (Result().Match(line) is { Success: true } result)
        {
            await FlushAsync();
            await StartAsync(result.Groups["outcome"].Value, result.Groups["name"].Value, result.Groups["duration"].Value);
            return false;
        }

        if (_pending is null)
        {
            return false;
        }

        switch (line)
        {
            case "  Error Message:":
                _pending.Section = _pending.Message = new StringBuilder();
                return false;
            case "  Stack Trace:":
                _pending.Section = _pending.Stack = new StringBuilder();
                return false;
            case "  Standard Output Messages:":
                _pending.Section = _pending.Output = new StringBuilder();
                return false;
        }

        if (_pending.Section is { } message && message == _pending.Message && !EndsRun(line))
        {
            // The logger indents only a message's first line: NUnit's and MSTest's messages go on unindented, blank
            // lines included, until the stack trace's header.
            message.Append(message.Length == 0 ? line.Trim() : line.TrimEnd()).Append('\n');
            return false;
        }

        if (_pending.Section is null || !line.StartsWith(' ') || line.Trim().Length == 0)
        {
            // Anything not indented (the summary, "Results File:", the next project) ends the case's details.
            await FlushAsync();
            return false;
        }

        _pending.Section.Append(line.Trim()).Append('\n');
        return false;
    }

    /// <summary>What VSTest and the adapters print after the last result or around a project's results.</summary>
    static bool EndsRun(string line) =>
        line.StartsWith("Results File:", StringComparison.Ordinal)
        || line.StartsWith("Test Run ", StringComparison.Ordinal)
        || line.StartsWith("Total tests:", StringComparison.Ordinal)
        || line.StartsWith("Attachments:", StringComparison.Ordinal)
        || line.StartsWith("A total of ", StringComparison.Ordinal)
        || line.StartsWith("[xUnit.net ", StringComparison.Ordinal)
        || line.StartsWith("NUnit Adapter ", StringComparison.Ordinal);

    public override ValueTask CompleteAsync() => FlushAsync();

    async ValueTask StartAsync(string outcome, string displayName, string duration)
    {
        var key = await _cases.StartAsync(live, displayName);
        var parsed = outcome switch
        {
            "Passed" => TestOutcome.Passed,
            "Skipped" => TestOutcome.Skipped,
            _ => TestOutcome.Failed,
        };
        _pending = new Pending(key, parsed, Duration(duration));
    }

    async ValueTask FlushAsync()
    {
        if (_pending is not { } pending)
        {
            return;
        }

        _pending = null;
        var message = pending.Message?.ToString().Trim();
        IReadOnlyList<TestFailure> failures = pending.Outcome == TestOutcome.Failed
            ? [new TestFailure(TestFailureKind.Failure, ReportValues.NullIfEmpty(message), null, ReportValues.NullIfEmpty(pending.Stack?.ToString().TrimEnd()))]
            : [];
        if (pending.Output is { Length: > 0 } output)
        {
            await live.OutputAsync(pending.Key, Results.Events.TestOutputStream.Stdout, output.ToString());
        }

        await live.FinishCaseAsync(pending.Key, pending.Outcome, pending.Duration, failures,
            pending.Outcome == TestOutcome.Skipped ? new TestSkip(ReportValues.NullIfEmpty(message), null, null) : null);
    }

    /// <summary><c>Ns.Class.Method(a: 1.5, b: "x.y")</c> → (<c>Ns.Class</c>, <c>Method(a: 1.5, b: "x.y")</c>).</summary>
    internal static (string? ClassName, string Name) Split(string displayName)
    {
        var arguments = displayName.IndexOf('(', StringComparison.Ordinal);
        var head = arguments < 0 ? displayName : displayName[..arguments];
        var dot = head.LastIndexOf('.');
        return dot <= 0 ? (null, displayName) : (displayName[..dot], displayName[(dot + 1)..]);
    }

    /// <summary>The logger's durations: <c>&lt; 1 ms</c>, <c>12 ms</c>, <c>3 s</c>, <c>1 m 2 s</c>.</summary>
    internal static TimeSpan? Duration(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (text.StartsWith('<'))
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        foreach (Match part in DurationPart().Matches(text))
        {
            var value = double.Parse(part.Groups["value"].Value, CultureInfo.InvariantCulture);
            total += part.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                "h" => TimeSpan.FromHours(value),
                _ => TimeSpan.Zero,
            };
        }

        return total;
    }

    [GeneratedRegex(@"^  (?<outcome>Passed|Failed|Skipped) (?<name>.+?)(?: \[(?<duration>[^\]]*)\])?$")]
    private static partial Regex Result();

    [GeneratedRegex(@"(?<value>\d+(?:\.\d+)?) ?(?<unit>ms|s|m|h)\b")]
    private static partial Regex DurationPart();
}
