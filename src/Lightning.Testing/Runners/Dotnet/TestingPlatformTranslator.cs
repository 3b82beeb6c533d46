using System.Text;
using System.Text.RegularExpressions;
using Lightning.Core.Processes;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners.Dotnet;

/// <summary>
/// Reads Microsoft.Testing.Platform's detailed output (<c>dotnet test --output Detailed</c>) as each result arrives:
/// <c>passed Ns.Class.Method (3ms)</c>, <c>failed ...</c> then its message (two spaces in) and stack (<c>    at ...</c>),
/// <c>skipped ...</c> then its reason, and <c>Standard output</c>/<c>Error output</c> blocks; a line that is not
/// indented ends the result. Names are split into class and method as for the VSTest console logger.
/// </summary>
internal sealed partial class TestingPlatformTranslator(LiveRun live, DotnetTestClasses? classes = null) : LiveTranslator
{
    sealed class Pending(string key, TestOutcome outcome, TimeSpan? duration)
    {
        public string Key { get; } = key;
        public TestOutcome Outcome { get; } = outcome;
        public TimeSpan? Duration { get; } = duration;
        public StringBuilder Message { get; } = new();
        public StringBuilder Stack { get; } = new();
        public StringBuilder Stdout { get; } = new();
        public StringBuilder Stderr { get; } = new();
        public StringBuilder? Block { get; set; }
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

        if (_pending is not { } pending)
        {
            return false;
        }

        if (!line.StartsWith("  ", StringComparison.Ordinal))
        {
            await FlushAsync();
            return false;
        }

        switch (line)
        {
            case "  Standard output":
                pending.Block = pending.Stdout;
                return false;
            case "  Error output":
                pending.Block = pending.Stderr;
                return false;
        }

        if (pending.Block is not null && line.StartsWith("    ", StringComparison.Ordinal))
        {
            pending.Block.Append(line[4..]).Append('\n');
        }
        else if (line.StartsWith("    at ", StringComparison.Ordinal))
        {
            pending.Stack.Append(line.Trim()).Append('\n');
        }
        else if (!line.StartsWith("  from ", StringComparison.Ordinal))
        {
            pending.Block = null;
            pending.Message.Append(line[2..]).Append('\n');
        }

        return false;
    }

    public override ValueTask CompleteAsync() => FlushAsync();

    async ValueTask StartAsync(string outcome, string displayName, string duration)
    {
        var key = await _cases.StartAsync(live, displayName);
        var parsed = outcome switch
        {
            "passed" => TestOutcome.Passed,
            "skipped" => TestOutcome.Skipped,
            "failed" => TestOutcome.Failed,
            _ => TestOutcome.Errored,
        };
        _pending = new Pending(key, parsed, DotnetConsoleTranslator.Duration(duration));
    }

    async ValueTask FlushAsync()
    {
        if (_pending is not { } pending)
        {
            return;
        }

        _pending = null;
        var message = ReportValues.NullIfEmpty(pending.Message.ToString().TrimEnd());
        if (pending.Stdout.ToString().TrimEnd() is { Length: > 0 } stdout)
        {
            await live.OutputAsync(pending.Key, TestOutputStream.Stdout, stdout + "\n");
        }

        if (pending.Stderr.ToString().TrimEnd() is { Length: > 0 } stderr)
        {
            await live.OutputAsync(pending.Key, TestOutputStream.Stderr, stderr + "\n");
        }

        IReadOnlyList<TestFailure> failures = pending.Outcome is TestOutcome.Failed or TestOutcome.Errored
            ? [new TestFailure(pending.Outcome == TestOutcome.Failed ? TestFailureKind.Failure : TestFailureKind.Error, message, null,
                ReportValues.NullIfEmpty(pending.Stack.ToString().TrimEnd()))]
            : [];
        await live.FinishCaseAsync(pending.Key, pending.Outcome, pending.Duration, failures,
            pending.Outcome == TestOutcome.Skipped ? new TestSkip(message, null, null) : null);
    }

    [GeneratedRegex(@"^(?<outcome>passed|failed|skipped|timed out|cancelled|error) (?<name>.+?)(?: \((?<duration>(?:\d+(?:ms|s|m|h) ?)+)\))?$")]
    private static partial Regex Result();
}
