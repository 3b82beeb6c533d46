using System.CommandLine;
using System.Globalization;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners;
using Lightning.Testing.Selection;
using Lightning.Testing.Selection.Watch;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>test watch [PATH]</c>: runs every test once (or nothing with <c>--changed-only</c>), then on each save selects
/// the affected tests and runs them, printing results as they come; each run is recorded in the data directory's
/// history (<c>trigger: watch</c>) after it is printed. Ctrl+C ends it with exit code 130. With <c>--json</c>, standard
/// output is JSON lines instead (<see cref="TestWatchJsonReporter"/>); the human messages stay on standard error.
/// </summary>
internal sealed class TestWatchCommand : TestLocalCommand
{
    readonly Argument<string?> _directory = new("PATH") { Description = "The repository [default: --path, else the current directory]", Arity = ArgumentArity.ZeroOrOne };
    readonly Option<string> _mode = new("--mode") { Description = "safe: every test a save could affect; fast: ranked, cut at --confidence [default: safe]", HelpName = "safe|fast" };
    readonly Option<double?> _confidence = new("--confidence") { Description = "Fast mode's confidence (0-1) [default: 0.9]", HelpName = "P" };
    readonly Option<bool> _changedOnly = new("--changed-only") { Description = "Do not run everything first: only what saves select" };
    readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "Print failures and each run's summary only, not every passing test" };

    public TestWatchCommand(CliContext context, TestCommandOptions options)
        : base("watch", "Run the tests a save affects, live, on every save until Ctrl+C (runs locally; no server needed)", context, options, usesHistory: true)
    {
        Add(_directory);
        Add(_mode);
        Add(_confidence);
        Add(_changedOnly);
        Add(_quiet);
        _mode.AcceptOnlyFromAmong("safe", "fast");
        _confidence.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && (double.IsNaN(value) || value <= 0 || value > 1))
            {
                result.AddError("--confidence is a number above 0 and at most 1.");
            }
        });
    }

    protected override async Task<int> ExecuteAsync(TestInvocation test, CancellationToken cancellationToken)
    {
        var directory = TestSelectCommand.Directory(test, _directory);
        var session = test.Service<TestWatchSession>();
        var options = new TestWatchOptions(directory)
        {
            Mode = test.Value(_mode) == "fast" ? SelectionMode.Fast : SelectionMode.Safe,
            Confidence = test.Value(_confidence) ?? SelectionRequest.DefaultConfidence,
            ChangedOnly = test.Value(_changedOnly),
            RecordAs = directory, // as 'test run' names a local repository in history
        };
        ITestWatchReporter reporter = new Reporter(test.Output, test.Value(_quiet));
        if (test.Json)
        {
            var json = new TestWatchJsonReporter(test.Output, test.Service<TimeProvider>());
            await json.WatchingAsync(directory, options.Mode, options.Confidence, options.ChangedOnly);
            reporter = json;
        }

        await test.Error.WriteLineAsync($"Watching {directory} (Ctrl+C to stop).");
        try
        {
            await session.RunAsync(options, reporter, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the runner killed the tests' process trees.
        }

        await test.Error.WriteLineAsync("Stopped watching.");
        return ExitCodes.Cancelled;
    }

    /// <summary>Prints each run as it happens: what the saves selected and why (briefly), every result, a summary.</summary>
    sealed class Reporter(TextWriter output, bool quiet) : ITestWatchReporter
    {
        readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

        public async ValueTask RunStartingAsync(FileChangeBatch? batch, TestSelection? selection)
        {
            _ids.Clear();
            if (selection is null)
            {
                await output.WriteLineAsync("Running every test.");
                return;
            }

            var files = selection.Changes.Files;
            var saved = files.Count == 0 ? "(events dropped)" : string.Join(", ", files.Take(5).Select(file => file.Path)) + (files.Count > 5 ? ", ..." : string.Empty);
            if (selection.RunAll)
            {
                await output.WriteLineAsync($"Saved {saved}: running every test. {selection.Fallbacks[0].Reason}");
            }
            else if (selection.Tests.Count == 0)
            {
                await output.WriteLineAsync($"Saved {saved}: no test is affected.{(selection.Ignored.Count > 0 ? " " + selection.Ignored[0].Reason : string.Empty)}");
            }
            else
            {
                await output.WriteLineAsync($"Saved {saved}: {selection.Tests.Count} selected.");
                foreach (var selected in selection.Tests.Take(quiet ? 0 : 10))
                {
                    await output.WriteLineAsync($"  {selected.Reasons[0]}");
                }
            }
        }

        public async ValueTask EventAsync(string project, TestEvent testEvent)
        {
            switch (testEvent)
            {
                case CaseStartedEvent started:
                    _ids[started.CaseKey] = started.Id;
                    break;
                case CaseFailedEvent failed:
                    await output.WriteLineAsync($"{(failed.Outcome == TestOutcome.Errored ? "ERROR" : "FAIL ")} {Name(failed.CaseKey)}: {TestText.Message((failed.Failures.Count > 0 ? failed.Failures[0].Message : null))}");
                    break;
                case CasePassedEvent passed when !quiet:
                    await output.WriteLineAsync($"{(passed.Outcome == TestOutcome.Flaky ? "FLAKY" : "PASS ")} {Name(passed.CaseKey)}");
                    break;
            }

            string Name(string key) => _ids.TryGetValue(key, out var id) ? id : key;
        }

        public async ValueTask RunFinishedAsync(IReadOnlyList<ProjectRunResult> results, TimeSpan elapsed)
        {
            if (results.Count == 0)
            {
                return;
            }

            var totals = results.Skip(1).Aggregate(results[0].Run.Totals, (sum, result) => sum.Add(result.Run.Totals));
            foreach (var error in results.Where(result => result.Error is not null))
            {
                await output.WriteLineAsync($"{error.Run.Name}: {error.Error}");
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{TestText.Counts(totals)} in {elapsed.TotalSeconds:0.0} s. Watching for changes."));
        }
    }
}
