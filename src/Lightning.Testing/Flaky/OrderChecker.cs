using System.Globalization;
using Lightning.Testing.Detection;
using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.Testing.Runners;

namespace Lightning.Testing.Flaky;

/// <summary>"<see cref="Victim"/> fails after <see cref="Polluter"/>", with the order that showed it.</summary>
public sealed record OrderCheckFinding(string Victim, string Polluter, string Evidence);

/// <summary>What the order check ran and found.</summary>
public sealed record OrderCheckResult(int Runs, IReadOnlyList<OrderCheckFinding> Dependencies, IReadOnlyList<string> Notes);

/// <summary>
/// Order-dependent tests: runs a suite in other orders, and a test that passes in one order and fails in another (and
/// fails again when that order is repeated) is run alone, then the tests that ran before it are bisected — half of them, then the test — until one test is left
/// whose run before it makes it fail: the polluter. How each framework is reordered:
/// <list type="bullet">
/// <item>pytest: any order of tests (the recorded one, its reverse, seeded shuffles).</item>
/// <item>RSpec, PHPUnit, JUnit 5: the same orders, but a group's examples (a class's tests) run together, at the place of its
/// first listed one (<c>lightning_rspec_order.rb</c>; PHPUnit's <c>--order-by=duration</c> over a made-up result cache;
/// Jupiter's default class and method orderer set to <c>LightningOrderer.java</c>).</item>
/// <item>Jest: test files in the order given (a sequencer, <c>--runInBand</c>); tests within a file keep their order.</item>
/// <item>go test: no list, but <c>-shuffle=N</c> shuffles a package's tests before <c>-run</c> filters them, so its
/// source order and seeded shuffles are run, and every selection of a shuffle keeps the shuffle's relative order.</item>
/// </list>
/// The order a run really took is read from its report (cases in the order they ran), so bisecting only ever asks for
/// a part of an order that ran. dotnet test and custom commands take no order: the result says so.
/// </summary>
public sealed class OrderChecker(ITestRunner runner, TimeSpan timeout)
{
    const int MaxBisectRuns = 24;
    const int ConfirmRuns = 3;
    int _runs;

    /// <summary>One way of running the suite: an explicit order of tests, or (go) a shuffle seed, or neither (go's source order).</summary>
    sealed record Arrangement(string Name, IReadOnlyList<OrderedRunTest>? Order, long? Seed);

    /// <summary>What a run showed: each case by id, and the ids in the order they ran.</summary>
    sealed record Observed(Dictionary<string, TestCase> Cases, List<string> Ran);

    /// <summary>Why tests of <paramref name="framework"/> cannot be reordered, or null when they can.</summary>
    public static string? CannotReorder(string? framework)
    {
        if (string.IsNullOrWhiteSpace(framework))
        {
            return "its history does not say which framework ran it (an imported report that names none), so it cannot be reordered.";
        }

        TestFramework parsed;
        try
        {
            parsed = TestFrameworks.Parse(framework);
        }
        catch (Lightning.Core.Errors.LightningException)
        {
            return $"{framework} is not a framework the order check knows: its tests cannot be reordered.";
        }

        return parsed switch
        {
            TestFramework.Pytest or TestFramework.Jest or TestFramework.GoTest or TestFramework.Rspec or TestFramework.Phpunit
                or TestFramework.Junit5 => null,
            TestFramework.DotnetTest => "dotnet test (xUnit, NUnit, MSTest) takes no test order on its command line: the order is an "
                + "attribute in the code (xUnit's TestCaseOrderer, NUnit's [Order]).",
            _ => $"{TestFrameworks.NameOf(parsed)} runs a command of its own: Lightning cannot choose its order.",
        };
    }

    /// <summary>Checks <paramref name="project"/> (a project root) of <paramref name="framework"/>, starting from <paramref name="order"/> (its latest recorded order).</summary>
    public async Task<OrderCheckResult> CheckAsync(
        TestTarget target, string project, string? framework, IReadOnlyList<OrderedRunTest> order, int shuffles, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(order);
        var why = CannotReorder(framework);
        if (why is not null || framework is null)
        {
            return new OrderCheckResult(0, [], [$"Order check: not run for '{project}': {why ?? "no framework"}"]);
        }

        var kind = TestFrameworks.Parse(framework);
        var name = TestFrameworks.NameOf(kind);
        if (order.Count < 2)
        {
            return new OrderCheckResult(0, [], ["Order check: fewer than two tests in the latest run of this project; run the suite first."]);
        }

        var arrangements = Arrangements(kind, order, shuffles, seed);
        var notes = new List<string>();
        var outcomes = new List<Observed>();
        foreach (var arrangement in arrangements)
        {
            outcomes.Add(await RunAsync(target, project, name, arrangement, arrangement.Order ?? order, cancellationToken));
        }

        var files = order.Where(test => test.File is not null).GroupBy(test => test.Id, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().File, StringComparer.Ordinal);
        foreach (var observed in outcomes)
        {
            foreach (var testCase in observed.Cases.Values.Where(testCase => testCase.File is not null))
            {
                files.TryAdd(testCase.Id, testCase.File);
            }
        }

        var findings = new List<OrderCheckFinding>();
        var checkedVictims = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in order.Select(test => test.Id))
        {
            var failingIn = Enumerable.Range(0, arrangements.Count).Where(i => outcomes[i].Cases.TryGetValue(id, out var c) && QuarantinedResults.IsFailure(c.Outcome)).ToList();
            var passingIn = Enumerable.Range(0, arrangements.Count).Where(i => outcomes[i].Cases.TryGetValue(id, out var c) && c.Outcome is TestOutcome.Passed).ToList();
            if (failingIn.Count == 0 || passingIn.Count == 0 || !checkedVictims.Add(id))
            {
                continue;
            }

            var failing = failingIn[0];
            var arrangement = arrangements[failing];
            var ran = outcomes[failing].Ran;
            // What really ran before it (a group or file runs as a whole); in go only its own package shares its process.
            var before = ran.Take(ran.IndexOf(id)).Where(other => kind != TestFramework.GoTest || Package(other) == Package(id)).ToList();
            // A test that fails at random also fails in one order and passes in another: the same order again tells them apart.
            var again = await RunAsync(target, project, name, arrangement, Tests([.. before, id], project, files), cancellationToken);
            if (!again.Cases.TryGetValue(id, out var repeated) || !QuarantinedResults.IsFailure(repeated.Outcome))
            {
                notes.Add($"{id} failed in the {arrangement.Name} order but passed when that order ran again: random, not order-dependent.");
                continue;
            }

            var alone = await RunAsync(target, project, name, arrangement, Tests([id], project, files), cancellationToken);
            if (!alone.Cases.TryGetValue(id, out var single) || QuarantinedResults.IsFailure(single.Outcome))
            {
                notes.Add($"{id} fails when run alone too: it needs a test that ran before it in another order, not found by bisecting.");
                continue;
            }

            var polluter = await BisectAsync(target, project, name, arrangement, id, before, files, cancellationToken);
            if (polluter is null)
            {
                notes.Add($"{id} failed in the {arrangement.Name} order but no single test before it makes it fail (more than one, or random).");
                continue;
            }

            var message = outcomes[failing].Cases[id].Failure?.Message;
            findings.Add(new OrderCheckFinding(id, polluter,
                $"failed in the {arrangement.Name} order, passed in the {arrangements[passingIn[0]].Name} order and alone; bisected to {polluter}" +
                (message is null ? "." : $" ({Cut(message)})")));
        }

        notes.Insert(0, $"Order check: {arrangements.Count} orders ({string.Join(", ", arrangements.Select(o => o.Name))}) of {order.Count} tests.");
        if (Granularity(kind) is { } granularity)
        {
            notes.Insert(1, $"Order check ({name}): {granularity}");
        }

        return new OrderCheckResult(_runs, findings, notes);
    }

    /// <summary>The recorded order, its reverse and seeded shuffles; for go (no list) its source order and one more seeded shuffle instead of the reverse.</summary>
    static List<Arrangement> Arrangements(TestFramework kind, IReadOnlyList<OrderedRunTest> order, int shuffles, int seed)
    {
        if (kind == TestFramework.GoTest)
        {
            var seeds = Enumerable.Range(0, Math.Max(shuffles, 0) + 1).Select(i => (long)seed + i);
            return [new Arrangement("source", null, null), .. seeds.Select(s => new Arrangement(string.Create(CultureInfo.InvariantCulture, $"-shuffle={s}"), null, s))];
        }

        var arrangements = new List<Arrangement> { new("recorded", order, null), new("reverse", [.. order.Reverse()], null) };
        for (var i = 0; i < shuffles; i++)
        {
            var random = new Random(seed + i);
            var shuffled = order.ToArray();
            random.Shuffle(shuffled);
            arrangements.Add(new Arrangement($"shuffle:{seed + i}", shuffled, null));
        }

        return arrangements;
    }

    static string? Granularity(TestFramework kind) => kind switch
    {
        TestFramework.Jest => "test files are reordered and run one at a time; tests within a file keep their order.",
        TestFramework.GoTest => "go takes no list of tests: its source order and -shuffle seeds were run (packages separately; tests within a package reordered).",
        TestFramework.Rspec => "a group's examples run together, at the place of its first example in the order.",
        TestFramework.Phpunit => "a class's tests run together, at the place of its first test in the order.",
        TestFramework.Junit5 => "a class's tests run together (its @Nested classes after its own methods), at the place of its "
            + "first test in the order; a class with its own @TestMethodOrder keeps it.",
        _ => null,
    };

    /// <summary>Halves the tests before the victim until one remains whose run before the victim makes it fail.</summary>
    async Task<string?> BisectAsync(
        TestTarget target, string project, string framework, Arrangement arrangement, string victim, List<string> before,
        Dictionary<string, string?> files, CancellationToken cancellationToken)
    {
        var candidates = before;
        var steps = 0;
        while (candidates.Count > 1 && steps++ < MaxBisectRuns)
        {
            var half = candidates.Take(candidates.Count / 2).ToList();
            var run = await RunAsync(target, project, framework, arrangement, Tests([.. half, victim], project, files), cancellationToken);
            candidates = run.Cases.TryGetValue(victim, out var c) && QuarantinedResults.IsFailure(c.Outcome) ? half : candidates.Skip(half.Count).ToList();
        }

        if (candidates.Count != 1)
        {
            return null;
        }

        // Three times: a victim that fails at random now and then (one run in five fails: 1 in 125) must not make a
        // bystander its polluter; the benchmark's coin-flip tests did with two.
        for (var i = 0; i < ConfirmRuns; i++)
        {
            var confirm = await RunAsync(target, project, framework, arrangement, Tests([candidates[0], victim], project, files), cancellationToken);
            if (!confirm.Cases.TryGetValue(victim, out var outcome) || !QuarantinedResults.IsFailure(outcome.Outcome))
            {
                return null;
            }
        }

        return candidates[0];
    }

    static List<OrderedRunTest> Tests(IEnumerable<string> ids, string project, Dictionary<string, string?> files) =>
        [.. ids.Select(id => new OrderedRunTest(project, id, files.GetValueOrDefault(id)))];

    /// <summary>
    /// Runs <paramref name="tests"/>: an explicit order goes to the runner as the smart order (which these adapters
    /// apply) and as the selection; go runs the selection with the arrangement's seed, which keeps the shuffle's order.
    /// </summary>
    async Task<Observed> RunAsync(
        TestTarget target, string project, string framework, Arrangement arrangement, IReadOnlyList<OrderedRunTest> tests, CancellationToken cancellationToken)
    {
        _runs++;
        var results = await runner.RunAsync(new TestRunRequest
        {
            Repository = target.Path,
            Workspace = target.Workspace,
            Project = project,
            Framework = framework,
            Tests = [.. tests.Select(test => test.Id)],
            Timeout = timeout,
            Order = arrangement.Seed is null && framework != "go-test" ? TestRunOrder.Smart : null,
            OrderedTests = tests,
            ShuffleSeed = arrangement.Seed,
            OneAtATime = true,
        }, null, cancellationToken);
        var cases = new Dictionary<string, TestCase>(StringComparer.Ordinal);
        var ran = new List<string>();
        foreach (var testCase in results.SelectMany(r => r.Run.EnumerateCases()))
        {
            if (testCase.Outcome != TestOutcome.Skipped && cases.TryAdd(testCase.Id, testCase))
            {
                ran.Add(testCase.Id);
            }
        }

        return new Observed(cases, ran);
    }

    static string Package(string id) => id.Split(TestCaseId.Separator, 2)[0];

    static string Cut(string text) => text.Length > 200 ? text[..199] + "…" : text;
}
