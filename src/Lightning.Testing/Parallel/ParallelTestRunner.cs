using Lightning.Core.Errors;
using Lightning.Testing.Detection;
using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Parallel;

/// <summary>
/// The runner the platform uses: puts each project of a request (and each shard of a sharded project) on a work queue
/// served by at most <see cref="ParallelRunOptions.MaxParallelProjects"/> test processes at once, each through the real
/// <see cref="TestRunner"/> (detection once, then each project as the runner runs it). Projects of one framework stay one after another (they may share caches and build
/// directories); projects of different frameworks and the shards of one project run side by side. Live events keep
/// coming one at a time, tagged with their project (a shard's as <c>root [shard 2/3]</c>); a sharded project's results
/// come back as one project: suites of every shard, totals summed.
/// </summary>
public sealed class ParallelTestRunner(
    TestRunner runner,
    TestFrameworkDetector detector,
    ShardCollector collector,
    TestHistoryStore history,
    IOptions<ParallelRunOptions> options,
    ILogger<ParallelTestRunner> logger,
    Optimization.SmartRunOrder? smartOrder = null) : ITestRunner
{
    public async Task<IReadOnlyList<ProjectRunResult>> RunAsync(
        TestRunRequest request, Func<string, TestEvent, ValueTask>? onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Shards is < 1 or > ShardPlanner.MaxShards)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["shards"] = [$"Shards must be between 1 and {ShardPlanner.MaxShards}."],
            });
        }

        if (request.Custom is not null)
        {
            return await runner.RunAsync(request, onEvent, cancellationToken);
        }

        if (request.Order == TestRunOrder.Smart && request.OrderedTests is null)
        {
            // The order comes from the history the run will be recorded in; a run without one keeps the frameworks' order.
            request = request with { OrderedTests = smartOrder is null || request.RecordedAs is null ? [] : await smartOrder.ForAsync(request.RecordedAs, cancellationToken) };
        }

        runner.Validate(request);
        var workspace = request.Workspace ?? TestRunner.OwnWorkspace(request.Repository);
        // The watch loop passes the detection it already has: detecting again would cost every save its time.
        var detection = request.Detection ?? await detector.DetectAsync(workspace, request.Workspace is null ? "." : request.Repository, cancellationToken);
        var projects = TestRunner.Select(detection, request);
        if (projects.Count <= 1 && request.Shards == 1)
        {
            return await runner.RunAsync(request, onEvent, cancellationToken);
        }

        using var slots = new SemaphoreSlim(options.Value.MaxParallelProjects, options.Value.MaxParallelProjects);
        using var gate = new SemaphoreSlim(1, 1);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // One lane per framework (its projects in turn) and one per shard; the slots bound the processes across lanes.
        var results = new ProjectRunResult[projects.Count];
        var lanes = new List<Func<Task>>();
        var unsharded = new List<(int Index, DetectedTestProject Project, string? Note)>();
        for (var index = 0; index < projects.Count; index++)
        {
            var project = projects[index];
            (ShardPlan? Plan, string? Note)? plan = request.Shards > 1 ? await PlanAsync(detection, project, request, cancellationToken) : null;
            if (plan is { Plan: { } shards })
            {
                var slot = index;
                var shardResults = new ProjectRunResult[shards.Shards.Count];
                var shardLanes = shards.Shards.Select(shard => (Func<Task>)(async () =>
                    shardResults[shard.Index] = await RunOneAsync(detection, request with { Prebuilt = shards.Prebuilt }, project, shard.Tests, $"{project.Root} [shard {shard.Index + 1}/{shards.Shards.Count}]",
                        onEvent, gate, slots, failed))).ToList();
                lanes.Add(async () =>
                {
                    await Task.WhenAll(shardLanes.Select(lane => lane()));
                    results[slot] = Merge(project, shardResults);
                });
                Log.Sharded(logger, project.Root, shards.Shards.Count, shards.Makespan, shards.Total);
            }
            else
            {
                unsharded.Add((index, project, plan?.Note));
            }
        }

        foreach (var framework in unsharded.GroupBy(p => p.Project.Framework))
        {
            var queue = framework.ToList();
            lanes.Add(async () =>
            {
                foreach (var (index, project, note) in queue)
                {
                    var result = await RunOneAsync(detection, request, project, request.Tests, project.Root, onEvent, gate, slots, failed);
                    results[index] = note is null ? result : result with { Run = result.Run with { Messages = [.. result.Run.Messages, new TestRunMessage("Informational", note, null, null)] } };
                }
            });
        }

        var running = lanes.Select(lane => lane()).ToList();
        try
        {
            await Task.WhenAll(running);
        }
        catch when (!cancellationToken.IsCancellationRequested)
        {
            // One lane broke (bad input found late, a crash): stop the others and report the first problem.
            await failed.CancelAsync();
            await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);
            var first = running.FirstOrDefault(t => t.IsFaulted && t.Exception!.InnerException is not OperationCanceledException)
                ?? running.First(t => t.IsFaulted || t.IsCanceled);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first.Exception?.InnerException ?? new OperationCanceledException()).Throw();
            throw;
        }

        return results;
    }

    async Task<ProjectRunResult> RunOneAsync(
        TestDetectionReport detection, TestRunRequest request, DetectedTestProject project, IReadOnlyList<string> tests, string tag,
        Func<string, TestEvent, ValueTask>? onEvent, SemaphoreSlim gate, SemaphoreSlim slots, CancellationTokenSource failed)
    {
        var token = failed.Token;
        await slots.WaitAsync(token);
        try
        {
            var narrowed = request with { Tests = tests, Shards = 1 };
            // The callback's contract: never called concurrently. Projects running side by side take turns here.
            Func<string, TestEvent, ValueTask>? serialised = onEvent is null ? null : async (_, testEvent) =>
            {
                await gate.WaitAsync(CancellationToken.None);
                try
                {
                    await onEvent(tag, testEvent);
                }
                finally
                {
                    gate.Release();
                }
            };
            return await runner.RunProjectAsync(detection, project, narrowed, serialised, token);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>
    /// The shards of a project, or why it runs whole: a framework that cannot list and select its tests, fewer units
    /// (tests, files, packages) than two, or tests that could not be listed. Units are balanced by the sum of their
    /// tests' recorded durations; units with no history are spread evenly (see <see cref="ShardPlanner"/>).
    /// </summary>
    async Task<(ShardPlan? Plan, string? Note)> PlanAsync(TestDetectionReport detection, DetectedTestProject project, TestRunRequest request, CancellationToken cancellationToken)
    {
        var name = TestFrameworks.NameOf(project.Framework);
        if (ShardableFrameworks.WhyNot(project.Framework) is { } why)
        {
            return (null, $"Not sharded: {name} cannot be split ({why}).");
        }

        var (listing, problem) = request.Tests.Count > 0 && project.Framework != TestFramework.DotnetTest
            ? (Named(request.Tests, project.Framework), null)
            : await collector.ListAsync(detection, project, request.Shards, cancellationToken);
        if (project.Framework == TestFramework.DotnetTest && listing is not null)
        {
            // The listing built the project; the shards run it without building (side by side, they would all build
            // into the same bin/ and obj/). Tests the caller named are still sharded as named.
            listing = request.Tests.Count > 0 ? Named(request.Tests, project.Framework) with { Prebuilt = listing.Prebuilt } : listing;
        }
        if (listing is null)
        {
            return (null, $"Not sharded: the tests could not be listed ({problem}); the whole project ran.");
        }

        if (listing.Units.Count < 2)
        {
            return (null, $"Not sharded: {listing.Units.Count} {listing.Noun} to run.");
        }

        var recorded = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        if (request.RecordedAs is not null)
        {
            foreach (var timing in await history.SlowestAsync(request.RecordedAs, name, 500, options.Value.HistoryRuns, cancellationToken))
            {
                if (listing.UnitOf(timing) is { } unit)
                {
                    recorded[unit] = recorded.GetValueOrDefault(unit) + timing.AverageDuration;
                }
            }
        }

        var fallback = recorded.Count > 0
            ? TimeSpan.FromTicks((long)recorded.Values.Average(d => d.Ticks))
            : TimeSpan.FromMilliseconds(options.Value.DefaultTestMilliseconds);
        var items = listing.Units.Select(unit => recorded.TryGetValue(unit.Id, out var expected)
            ? new ShardItem(unit.Id, expected)
            : new ShardItem(unit.Id, fallback, Known: false));
        var units = listing.Units.ToDictionary(unit => unit.Id, StringComparer.Ordinal);
        var plan = ShardPlanner.Plan(items, Math.Min(request.Shards, listing.Units.Count));
        // The planner places units; a shard runs the tests that select them. An empty shard would run everything: none is kept.
        var shards = plan.Shards.Where(shard => shard.Tests.Count > 0)
            .Select((shard, index) => new Shard(index, [.. shard.Tests.SelectMany(id => units[id].Tests)], shard.Expected)).ToList();
        return (new ShardPlan(shards) { Prebuilt = listing.Prebuilt }, null);
    }

    /// <summary>Tests the caller named: each its own unit, found in history by its id (a pytest node id also by its case id).</summary>
    static ShardListing Named(IReadOnlyList<string> tests, TestFramework framework)
    {
        var byCase = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var test in tests)
        {
            byCase.TryAdd(test, test);
            if (framework == TestFramework.Pytest)
            {
                byCase.TryAdd(PytestCollector.CaseIdOf(test), test);
            }
        }

        return new ShardListing([.. tests.Distinct(StringComparer.Ordinal).Select(test => new ShardUnit(test, [test]))], "test", timing => byCase.GetValueOrDefault(timing.Id));
    }

    /// <summary>One project's result from its shards: every shard's suites, output and messages; the worst exit; errors joined.</summary>
    static ProjectRunResult Merge(DetectedTestProject project, ProjectRunResult[] shards)
    {
        var runs = shards.Select(s => s.Run).ToList();
        var run = new TestRun
        {
            Name = runs.Select(r => r.Name).FirstOrDefault(n => n is not null),
            Framework = runs.Select(r => r.Framework).FirstOrDefault(f => f is not null),
            StartedAt = runs.Min(r => r.StartedAt),
            FinishedAt = runs.Max(r => r.FinishedAt),
            Duration = runs.Max(r => r.Duration),
            Suites = [.. runs.SelectMany(r => r.Suites)],
            Stdout = Join(runs.Select(r => r.Stdout)),
            Stderr = Join(runs.Select(r => r.Stderr)),
            Messages = [.. runs.SelectMany(r => r.Messages), new TestRunMessage("Informational", $"Run in {shards.Length} shards.", null, null)],
            Properties = [.. runs.SelectMany(r => r.Properties).DistinctBy(p => (p.Name, p.Value))],
        };
        var exit = shards.Select(s => s.ExitCode).Where(c => c is not null).DefaultIfEmpty(null).MaxBy(c => c is 0 ? 0 : 1 + Math.Abs(c!.Value));
        var errors = shards.Select((s, i) => s.Error is null ? null : $"shard {i + 1}: {s.Error}").OfType<string>().ToList();
        return new ProjectRunResult(project, run, exit, shards.Any(s => s.TimedOut), errors.Count == 0 ? null : string.Join(" ", errors));
    }

    static string? Join(IEnumerable<string?> parts)
    {
        var present = parts.Where(p => !string.IsNullOrEmpty(p)).ToList();
        return present.Count == 0 ? null : string.Join('\n', present);
    }
}
