using System.Globalization;
using Lightning.Testing.Results;

namespace Lightning.Testing.Runners;

public sealed partial class TestRunner
{
    /// <summary>
    /// Runs the failed and errored cases of <paramref name="report"/> again, each pass selecting those still failing,
    /// until all passed or <paramref name="retries"/> passes ran. A case's first run is attempt 1; a case that passed on
    /// a retry becomes flaky, one that never did keeps its outcome; both keep every attempt. Problems (a case no selector
    /// can reach, a retry that wrote no report) become messages of the run: retrying never hides the first result.
    /// </summary>
    /// <param name="reason">Why the run retries (the retry policy's reason), noted when a retry runs; null when the run asked for them.</param>
    async Task<(TestRun Report, bool TimedOut)> RetryAsync(
        FrameworkAdapter adapter, ProjectContext context, TestRun report, int retries, string? reason, ProjectRun run, CancellationToken cancellationToken)
    {
        var firsts = new Dictionary<string, TestCase>(StringComparer.Ordinal);
        foreach (var testCase in report.EnumerateCases().Where(testCase => testCase.Outcome is TestOutcome.Failed or TestOutcome.Errored))
        {
            firsts.TryAdd(testCase.Id, testCase);
        }

        if (firsts.Count == 0)
        {
            return (report, false);
        }

        var attempts = firsts.ToDictionary(pair => pair.Key, pair => new List<TestAttempt> { Attempt(pair.Value, 1) }, StringComparer.Ordinal);
        foreach (var (id, list) in attempts)
        {
            if (run.Live.CaseKeyOf(id) is { } caseKey)
            {
                await run.Live.AttemptAsync(caseKey, list[0]);
            }
        }

        var pending = new HashSet<string>(firsts.Keys, StringComparer.Ordinal);
        var timedOut = false;
        for (var retry = 1; retry <= retries && pending.Count > 0; retry++)
        {
            var selectors = new List<string>();
            foreach (var id in pending.ToList())
            {
                if (adapter.SelectorFor(context, firsts[id], run.Live.SelectorOf(id)) is { } selector)
                {
                    selectors.Add(selector);
                }
                else
                {
                    pending.Remove(id);
                    Note(run, "warning", $"{id} was not retried: nothing selects it again.");
                }
            }

            if (pending.Count == 0)
            {
                break;
            }

            Log.RetryStarted(_logger, context.Project.Root, retry, pending.Count);
            if (retry == 1 && reason is not null)
            {
                Note(run, "Informational", string.Create(CultureInfo.InvariantCulture, $"Failed tests are retried up to {retries} times, as the retry policy decided: {reason}."));
            }

            var pass = new RunPass(context, retry + 1, selectors.Distinct(StringComparer.Ordinal).ToList(), PassDirectory(context.Scratch, retry + 1));
            var outcome = await RunPassAsync(adapter, pass, run, cancellationToken, pending.ToHashSet(StringComparer.Ordinal));
            if (outcome.TimedOut)
            {
                timedOut = true;
            }

            if (outcome.Report is null)
            {
                Note(run, "error", string.Create(CultureInfo.InvariantCulture, $"Retry {retry} gave no results: {outcome.Error}"));
                break;
            }

            var again = new Dictionary<string, TestCase>(StringComparer.Ordinal);
            foreach (var testCase in outcome.Report.EnumerateCases())
            {
                again.TryAdd(testCase.Id, testCase);
            }

            foreach (var id in pending.ToList())
            {
                if (!again.TryGetValue(id, out var rerun))
                {
                    pending.Remove(id);
                    Note(run, "warning", string.Create(CultureInfo.InvariantCulture, $"{id} was not run by retry {retry} (its selector matched nothing)."));
                    continue;
                }

                attempts[id].Add(Attempt(rerun, retry + 1));
                if (rerun.Outcome is not (TestOutcome.Failed or TestOutcome.Errored))
                {
                    pending.Remove(id);
                }
            }

            if (timedOut)
            {
                break;
            }
        }

        var merged = Merge(report, attempts);
        var announced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var testCase in merged.EnumerateCases())
        {
            if (attempts.ContainsKey(testCase.Id) && announced.Add(testCase.Id) && run.Live.CaseKeyOf(testCase.Id) is { } caseKey)
            {
                await run.Live.FinishRetriedAsync(caseKey, testCase);
            }
        }

        return (merged, timedOut);
    }

    static TestAttempt Attempt(TestCase testCase, int number) => new()
    {
        Number = number,
        Outcome = testCase.Outcome,
        Duration = testCase.Duration,
        Failure = testCase.Failure,
        Stdout = testCase.Stdout,
        Stderr = testCase.Stderr,
    };

    /// <summary>The first report with each retried case (its first occurrence) given its attempts and final outcome.</summary>
    static TestRun Merge(TestRun report, Dictionary<string, List<TestAttempt>> attempts)
    {
        var merged = new HashSet<string>(StringComparer.Ordinal);
        TestSuite MergeSuite(TestSuite suite) => suite with
        {
            Cases = suite.Cases.Select(testCase =>
            {
                if (!attempts.TryGetValue(testCase.Id, out var list) || list.Count < 2 || !merged.Add(testCase.Id))
                {
                    return testCase;
                }

                var passedAtLast = list[^1].Outcome == TestOutcome.Passed;
                return testCase with
                {
                    Outcome = passedAtLast ? TestOutcome.Flaky : testCase.Outcome,
                    Failures = passedAtLast ? [] : testCase.Failures,
                    Attempts = list.ToArray(),
                };
            }).ToArray(),
            Suites = suite.Suites.Select(MergeSuite).ToArray(),
        };

        return report with { Suites = report.Suites.Select(MergeSuite).ToArray() };
    }

    static void Note(ProjectRun run, string level, string text) => run.Messages.Add(new TestRunMessage(level, text, null, null));
}
