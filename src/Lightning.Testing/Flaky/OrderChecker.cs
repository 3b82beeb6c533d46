using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.Testing.Runners;

namespace Lightning.Testing.Flaky;

/// <summary>"<see cref="Victim"/> fails after <see cref="Polluter"/>", with the order that showed it.</summary>
public sealed record OrderCheckFinding(string Victim, string Polluter, string Evidence);

/// <summary>What the order check ran and found.</summary>
public sealed record OrderCheckResult(int Runs, IReadOnlyList<OrderCheckFinding> Dependencies, IReadOnlyList<string> Notes);

/// <summary>
/// Order-dependent tests: runs a suite in its recorded order, in reverse and in seeded shuffles, by passing the test
/// ids in that order (pytest runs node ids in the order of its command line; Go, Jest, JUnit, RSpec, PHPUnit and
/// dotnet do not take an order that way). A test that passes in one order and fails in another is run alone, then
/// the tests that ran before it are bisected — half of them, then the test — until one test is left whose run before
/// it makes it fail: the polluter.
/// </summary>
public sealed class OrderChecker(ITestRunner runner, TimeSpan timeout)
{
    const int MaxBisectRuns = 24;
    int _runs;

    public async Task<OrderCheckResult> CheckAsync(
        TestTarget target, string project, string framework, IReadOnlyList<string> order, int shuffles, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(order);
        var notes = new List<string>();
        if (framework != "pytest")
        {
            return new OrderCheckResult(0, [], [$"Order check: {framework} does not run tests in the order they are given; only pytest is reordered."]);
        }

        if (order.Count < 2)
        {
            return new OrderCheckResult(0, [], ["Order check: fewer than two tests in the latest run of this project; run the suite first."]);
        }

        var orders = new List<(string Name, IReadOnlyList<string> Ids)> { ("recorded", order), ("reverse", [.. order.Reverse()]) };
        for (var i = 0; i < shuffles; i++)
        {
            var random = new Random(seed + i);
            var shuffled = order.ToArray();
            random.Shuffle(shuffled);
            orders.Add(($"shuffle:{seed + i}", shuffled));
        }

        var outcomes = new List<Dictionary<string, TestCase>>();
        foreach (var (_, ids) in orders)
        {
            outcomes.Add(await RunAsync(target, project, ids, cancellationToken));
        }

        var findings = new List<OrderCheckFinding>();
        var checkedVictims = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in order)
        {
            var failingIn = Enumerable.Range(0, orders.Count).Where(i => outcomes[i].TryGetValue(id, out var c) && QuarantinedResults.IsFailure(c.Outcome)).ToList();
            var passingIn = Enumerable.Range(0, orders.Count).Where(i => outcomes[i].TryGetValue(id, out var c) && c.Outcome is TestOutcome.Passed).ToList();
            if (failingIn.Count == 0 || passingIn.Count == 0 || !checkedVictims.Add(id))
            {
                continue;
            }

            var failing = failingIn[0];
            var ids = orders[failing].Ids;
            var before = ids.Take(IndexOf(ids, id)).ToList();
            var alone = await RunAsync(target, project, [id], cancellationToken);
            if (!alone.TryGetValue(id, out var single) || QuarantinedResults.IsFailure(single.Outcome))
            {
                notes.Add($"{id} fails when run alone too: it needs a test that ran before it in another order, not found by bisecting.");
                continue;
            }

            var polluter = await BisectAsync(target, project, id, before, cancellationToken);
            if (polluter is null)
            {
                notes.Add($"{id} failed in the {orders[failing].Name} order but no single test before it makes it fail (more than one, or random).");
                continue;
            }

            var message = outcomes[failing][id].Failure?.Message;
            findings.Add(new OrderCheckFinding(id, polluter,
                $"failed in the {orders[failing].Name} order, passed in the {orders[passingIn[0]].Name} order and alone; bisected to {polluter}" +
                (message is null ? "." : $" ({Cut(message)})")));
        }

        notes.Insert(0, $"Order check: {orders.Count} orders ({string.Join(", ", orders.Select(o => o.Name))}) of {order.Count} tests.");
        return new OrderCheckResult(_runs, findings, notes);
    }

    /// <summary>Halves the tests before the victim until one remains whose run before the victim makes it fail.</summary>
    async Task<string?> BisectAsync(TestTarget target, string project, string victim, List<string> before, CancellationToken cancellationToken)
    {
        var candidates = before;
        var steps = 0;
        while (candidates.Count > 1 && steps++ < MaxBisectRuns)
        {
            var half = candidates.Take(candidates.Count / 2).ToList();
            var run = await RunAsync(target, project, [.. half, victim], cancellationToken);
            candidates = run.TryGetValue(victim, out var c) && QuarantinedResults.IsFailure(c.Outcome) ? half : candidates.Skip(half.Count).ToList();
        }

        if (candidates.Count != 1)
        {
            return null;
        }

        var confirm = await RunAsync(target, project, [candidates[0], victim], cancellationToken);
        return confirm.TryGetValue(victim, out var outcome) && QuarantinedResults.IsFailure(outcome.Outcome) ? candidates[0] : null;
    }

    async Task<Dictionary<string, TestCase>> RunAsync(TestTarget target, string project, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        _runs++;
        var results = await runner.RunAsync(new TestRunRequest
        {
            Repository = target.Path,
            Workspace = target.Workspace,
            Project = project,
            Framework = "pytest",
            Tests = ids,
            Timeout = timeout,
        }, null, cancellationToken);
        var cases = new Dictionary<string, TestCase>(StringComparer.Ordinal);
        foreach (var testCase in results.SelectMany(r => r.Run.EnumerateCases()))
        {
            cases[testCase.Id] = testCase;
        }

        return cases;
    }

    static int IndexOf(IReadOnlyList<string> ids, string id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] == id)
            {
                return i;
            }
        }

        return ids.Count;
    }

    static string Cut(string text) => text.Length > 200 ? text[..199] + "…" : text;
}
