using System.Globalization;
using Lightning.Testing.Detection;
using Lightning.Testing.Results;

namespace Lightning.Testing.Runners;

public sealed partial class TestRunner
{
    const int OrderNoteTests = 20;

    /// <summary>The most failure-prone tests a split run takes into its first invocation (its filter stays short).</summary>
    internal const int SplitFirstTests = 100;

    /// <summary>The run's record of the order it used: the first tests of the smart order, or why there was none.</summary>
    static string OrderNote(FrameworkAdapter adapter, DetectedTestProject project, List<OrderedRunTest> order)
    {
        var framework = TestFrameworks.NameOf(project.Framework);
        if (!adapter.CanOrder)
        {
            return $"Smart order not applied: {framework} takes no test order on its command line, so its own order was used.";
        }

        if (order.Count == 0)
        {
            return "Smart order: no history of these tests yet, so the framework's own order was used.";
        }

        var unit = project.Framework switch
        {
            TestFramework.Jest => "test files",
            TestFramework.GoTest => "packages",
            TestFramework.Rspec => "examples, each group at its first example's place,",
            TestFramework.Phpunit => "tests, each class at its first test's place,",
            TestFramework.Junit5 => "tests, each class at its first test's place (a class's own @TestMethodOrder kept),",
            _ => "tests",
        };
        var shown = string.Join(", ", order.Take(OrderNoteTests).Select(test => test.Id));
        return $"Smart order ({unit} by recent failure, failure rate, then speed; unlisted ones after): {shown}{(order.Count > OrderNoteTests ? $", ... ({order.Count} in all)" : string.Empty)}";
    }

    /// <summary>
    /// A split smart order: <see cref="First"/> (selectors of the failure-prone tests) run in a first invocation, then
    /// <see cref="Rest"/> (the rest of a selection) or, without a selection, every test but <see cref="First"/>. No
    /// <see cref="First"/>: one invocation, as without an order; <see cref="Note"/> says which, and why.
    /// </summary>
    internal sealed record SplitPlan(IReadOnlyList<string> First, IReadOnlyList<string> Rest, string Note);

    /// <summary>
    /// For a framework that takes no order (<see cref="FrameworkAdapter.SplitsOrder"/>): the tests the history ranks
    /// failure-prone (failed in their latest run, or at all in the window), in the smart order, at most
    /// <see cref="SplitFirstTests"/>, as the first invocation; within a selection, only the selected ones.
    /// </summary>
    internal static SplitPlan PlanSplit(FrameworkAdapter adapter, ProjectContext context, List<OrderedRunTest> history, List<string> selectors, bool coverage)
    {
        var framework = TestFrameworks.NameOf(context.Project.Framework);
        if (history.Count == 0)
        {
            return new([], [], "Smart order: no history of these tests yet, so they ran in one invocation in the framework's own order.");
        }

        if (coverage)
        {
            return new([], [], $"Smart order not applied: {framework} takes no test order, and a coverage run is measured in one invocation, so its own order was used.");
        }

        var prone = history.Where(test => test.FailureProne).Select(test => adapter.SelectorFor(context, test.Id)).Distinct(StringComparer.Ordinal).ToList();
        List<string> first;
        List<string> rest = [];
        if (selectors.Count == 0)
        {
            first = [.. prone.Take(SplitFirstTests)];
        }
        else
        {
            // A selector may name one case of a method (NUnit's Ns.C.M(1,2)); the history ranks methods.
            var rank = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (selector, index) in prone.Select((selector, index) => (selector, index)))
            {
                rank.TryAdd(selector, index);
            }

            first = [.. selectors.Where(selector => rank.ContainsKey(MethodOf(selector))).OrderBy(selector => rank[MethodOf(selector)]).Take(SplitFirstTests)];
            rest = [.. selectors.Where(selector => !first.Contains(selector, StringComparer.Ordinal))];
        }

        if (first.Count == 0)
        {
            return new([], [], $"Smart order: none of these tests failed in their recent runs, so they ran in one invocation in the framework's own order ({framework} takes no test order; a run is split only to put failure-prone tests first).");
        }

        if (selectors.Count > 0 && rest.Count == 0)
        {
            return new([], [], $"Smart order: every selected test failed recently, so they ran in one invocation in the framework's own order ({framework} takes no test order).");
        }

        var shown = string.Join(", ", first.Take(OrderNoteTests));
        var more = first.Count > OrderNoteTests ? string.Create(CultureInfo.InvariantCulture, $", ... ({first.Count} in all)") : string.Empty;
        var then = selectors.Count == 0 ? "every other test" : string.Create(CultureInfo.InvariantCulture, $"the other {rest.Count} selected");
        return new(first, rest, string.Create(CultureInfo.InvariantCulture,
            $"Smart order (split: {framework} takes no test order): the {first.Count} test{(first.Count == 1 ? string.Empty : "s")} that failed recently or often ran first in one invocation ({shown}{more}), then {then} in a second; the two invocations' results make this one run, each in the framework's own order."));
    }

    static string MethodOf(string selector) => selector.IndexOf('(', StringComparison.Ordinal) is > 0 and var open ? selector[..open] : selector;

    /// <summary>
    /// The two invocations of a split run as one pass: the first runs <see cref="SplitPlan.First"/>, the second the rest
    /// (listed, or every test but the first ones), each in its own scratch directory, both under the project's one
    /// deadline and feeding the same live stream. Their reports merge as one (suites of the same name become one); the
    /// exit code is the first non-zero one. When the first invocation times out or gives no report, the second does not run.
    /// </summary>
    async Task<PassOutcome> RunSplitAsync(FrameworkAdapter adapter, RunPass pass, SplitPlan split, ProjectRun run, CancellationToken cancellationToken)
    {
        var first = await RunPassAsync(adapter, pass with { Selectors = split.First, Scratch = pass.Scratch + "-first" }, run, cancellationToken);
        if (first.TimedOut || first.Report is null || first.Error is not null)
        {
            return first;
        }

        var rest = await RunPassAsync(adapter, pass with
        {
            // The first invocation built the project: the second only runs (no second build's seconds).
            Context = pass.Context with { Prebuilt = true },
            Selectors = split.Rest,
            Excluded = split.Rest.Count == 0 ? split.First : [],
            Scratch = pass.Scratch + "-rest",
        }, run, cancellationToken);
        if (rest.Error is null && rest.Report is { } left && !left.EnumerateCases().Any())
        {
            // Every test ran in the first invocation: the second found none left, which is no failure (the platform
            // exits 8 and writes that into its report's run information).
            return first;
        }

        var process = first.Process is { ExitCode: not 0 } ? first.Process : rest.Process ?? first.Process;
        return rest.Report is null
            ? new PassOutcome(process, first.Report, rest.TimedOut, rest.Error)
            : new PassOutcome(process, MergeInvocations(first.Report, rest.Report), rest.TimedOut, rest.Error);
    }

    /// <summary>Two reports of one project as one: run-level values as <see cref="ReportFiles.Merge"/>, suites of the same name (and file) joined.</summary>
    internal static TestRun MergeInvocations(TestRun first, TestRun second) =>
        ReportFiles.Merge(first, second) with { Suites = JoinSuites(first.Suites, second.Suites) };

    static TestSuite[] JoinSuites(IReadOnlyList<TestSuite> first, IReadOnlyList<TestSuite> second)
    {
        var joined = first.ToList();
        foreach (var suite in second)
        {
            var same = joined.FindIndex(known => known.Name == suite.Name && known.File == suite.File);
            if (same < 0)
            {
                joined.Add(suite);
                continue;
            }

            var known = joined[same];
            joined[same] = known with
            {
                Duration = known.Duration is { } a && suite.Duration is { } b ? a + b : known.Duration ?? suite.Duration,
                Cases = [.. known.Cases, .. suite.Cases],
                Suites = JoinSuites(known.Suites, suite.Suites),
                Errors = [.. known.Errors, .. suite.Errors],
                Properties = [.. known.Properties, .. suite.Properties.Where(property => !known.Properties.Contains(property))],
                Stdout = ReportValues.Append(known.Stdout, suite.Stdout),
                Stderr = ReportValues.Append(known.Stderr, suite.Stderr),
            };
        }

        return [.. joined];
    }
}
