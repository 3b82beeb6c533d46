using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Core.Ids;
using Lightning.Core.Serialization;
using Lightning.Git.Repositories;
using Lightning.Testing.Detection;
using Lightning.Testing.Persistence;
using Lightning.Testing.Results;
using Lightning.Testing.Runners;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.History;

/// <summary>
/// Runs tests and records them: a run is accepted at once (queued), waits for one of
/// <see cref="TestRunOptions.MaxConcurrentRuns"/> slots, detects the projects, runs them through the
/// <see cref="ITestRunner"/>, streams every event live (<see cref="WatchAsync"/>) while appending it to the run's log,
/// and stores the results. Reports made elsewhere (CI) are recorded the same way by <see cref="ImportAsync"/>.
/// </summary>
public sealed partial class TestRunService(
    TestHistoryStore store,
    TestFrameworkDetector detector,
    ITestRunner runner,
    TestReportReader reports,
    IEnumerable<ITestReportWriter> writers,
    TestRunLiveStreams streams,
    TestRunChanges changes,
    IEnumerable<ITestRunObserver> observers,
    Coverage.Runs.TestCoverageService coverage,
    Flaky.TestQuarantine quarantine,
    Optimization.RetryPolicy retryPolicy,
    GitCli git,
    TimeProvider timeProvider,
    IOptions<TestRunOptions> options,
    ILogger<TestRunService> logger) : IAsyncDisposable
{
    public const int MaxRetries = 10;
    public const int MaxTests = 1000;
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

    const int EventPage = 500;

    readonly ConcurrentDictionary<string, ActiveRun> _active = new(StringComparer.Ordinal);
    readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentRuns, options.Value.MaxConcurrentRuns);
    readonly CancellationTokenSource _shutdown = new();

    public TestHistoryStore Store => store;

    /// <summary>The test projects of a target, as the detector sees them.</summary>
    public Task<TestDetectionReport> DetectAsync(TestTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return detector.DetectAsync(target.Workspace, target.Path, cancellationToken);
    }

    /// <summary>
    /// Accepts a run and returns it queued; it runs in the background. Bad input (an unknown framework, a path out of
    /// the workspace, a missing directory, too many retries) fails here, before anything is recorded.
    /// </summary>
    public async Task<TestRunView> StartAsync(TestRunStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        var framework = Validate(start);
        var directory = start.Target.FullPath;
        if (!Directory.Exists(directory))
        {
            throw new LightningException(ErrorKind.NotFound, "testing.repository_not_found",
                File.Exists(directory) ? $"'{start.Target.Path}' is a file, not a repository directory." : $"'{start.Target.Path}' does not exist in the workspace.");
        }

        // No retries given: Lightning:Testing:Retries decides per framework (more for repositories with known flaky tests).
        var retries = start.Retries is { } given
            ? new Optimization.RetryPlan(given, new Dictionary<string, int>(StringComparer.Ordinal), "asked for")
            : await retryPolicy.PlanAsync(start.Target.Repository, start.Custom is null ? framework : TestFrameworks.NameOf(TestFramework.Custom), cancellationToken);
        var entity = new TestRunEntity
        {
            Id = LightningId.New("trun"),
            Repository = TestingDbContext.Fit(start.Target.Repository, TestingDbContext.MaxRepository)!,
            Project = TestingDbContext.Fit(Blank(start.Project), TestingDbContext.MaxRepository),
            Framework = framework,
            TestsJson = start.Tests.Count == 0 ? null : JsonSerializer.Serialize(start.Tests),
            Retries = retries.Max,
            TimeoutSeconds = start.Timeout is { } timeout ? (int)Math.Ceiling(timeout.TotalSeconds) : null,
            Trigger = start.Trigger,
            RequestedBy = TestingDbContext.Fit(start.RequestedBy, 64)!,
            Status = TestRunStatus.Queued,
            CreatedAt = timeProvider.GetUtcNow(),
        };
        await store.CreateAsync(entity, cancellationToken);
        var view = TestRunView.From(entity);

        var active = new ActiveRun(store, timeProvider, options.Value, logger, streams.Open(entity.Id), CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token), changes, view);
        _active[entity.Id] = active;
        active.StartFlushing();
        await active.PublishAsync(TestRunEventTypes.Queued, entity.CreatedAt, null, view);
        active.Announce(TestRunChangeTypes.Created, run => run, [framework]);
        active.Task = Task.Run(() => ExecuteAsync(active, start with { Framework = framework }, retries, directory), CancellationToken.None);
        Log.RunQueued(logger, entity.Id, entity.Repository, entity.RequestedBy);
        return view;
    }

    public Task<TestRunView?> GetAsync(string id, CancellationToken cancellationToken) => store.FindAsync(id, cancellationToken);

    /// <summary>
    /// A page of the runs list (<see cref="TestHistoryStore.ListAsync"/>) with what only this process knows of its
    /// runs in progress: who asked to cancel one that is still stopping, so a list read (or re-read after a
    /// reconnection) shows it as the live changes do.
    /// </summary>
    public async Task<TestRunPage> ListAsync(TestRunQuery query, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(query, cancellationToken);
        if (!page.Items.Any(run => _active.TryGetValue(run.Id, out var active) && active.CancelledBy is not null))
        {
            return page;
        }

        return page with
        {
            Items = [.. page.Items.Select(run => _active.TryGetValue(run.Id, out var active) && active.CancelledBy is { } by && !run.Status.IsFinished()
                ? run with { CancelRequestedBy = by, CancelRequestedAt = active.CancelRequestedAt }
                : run)],
        };
    }

    /// <summary>Cancels a queued or running run; returns once it is recorded as cancelled.</summary>
    public async Task<TestRunView> CancelAsync(string id, string requestedBy, CancellationToken cancellationToken)
    {
        if (!_active.TryGetValue(id, out var active))
        {
            var run = await store.FindAsync(id, cancellationToken) ?? throw TestHistoryStore.NotFound(id);
            throw new LightningException(ErrorKind.Conflict, "testing.run_finished", $"Test run '{id}' has already finished ({run.Status.ToName()}).");
        }

        var at = timeProvider.GetUtcNow();
        if (active.RequestCancel(requestedBy, at))
        {
            active.AnnounceCancelRequested(requestedBy, at);
            await active.PublishAsync(TestRunEventTypes.CancelRequested, at, null, new { requestedBy });
            await active.Cancel.CancelAsync();
        }

        await active.Task!.WaitAsync(cancellationToken);
        return await store.FindAsync(id, cancellationToken) ?? throw TestHistoryStore.NotFound(id);
    }

    /// <summary>Waits until the run has finished and been recorded (or the token fires); returns at once for a finished run.</summary>
    public async Task WaitAsync(string id, CancellationToken cancellationToken)
    {
        if (_active.TryGetValue(id, out var active) && active.Task is { } task)
        {
            await task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The run's events after sequence <paramref name="after"/>: the recorded ones, then each new one while it runs;
    /// the sequence ends with <see cref="TestRunEventTypes.Finished"/>. A reader that reconnects passes the last
    /// sequence it saw and misses nothing.
    /// </summary>
    public async IAsyncEnumerable<TestRunEvent> WatchAsync(string id, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Subscribe before reading the store: a run that finishes in between is then either live here or stored whole.
        var subscription = streams.Subscribe(id);
        if (subscription is null)
        {
            var cursor = after;
            while (true)
            {
                var page = await store.ReadEventsAsync(id, cursor, EventPage, cancellationToken);
                foreach (var stored in page.Items)
                {
                    yield return stored;
                }

                if (page.Next is not { } next)
                {
                    yield break;
                }

                cursor = next;
            }
        }

        var last = after;
        foreach (var past in subscription.Past)
        {
            if (past.Sequence > last)
            {
                last = past.Sequence;
                yield return past;
            }
        }

        await foreach (var next in subscription.Live.ReadAllAsync(cancellationToken))
        {
            if (next.Sequence > last)
            {
                last = next.Sequence;
                yield return next;
            }
        }
    }

    /// <summary>Marks runs a previous process left unfinished; call once at start, before any run is started.</summary>
    public Task<int> RecoverInterruptedAsync(CancellationToken cancellationToken) => store.RecoverInterruptedAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        var tasks = _active.Values.Select(run => run.Task).OfType<Task>().ToArray();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(15)).ContinueWith(_ => { }, TaskScheduler.Default);
        _shutdown.Dispose();
        _slots.Dispose();
    }

    /// <summary>Checks what can be checked before a run is recorded; returns the framework's stable name.</summary>
    static string? Validate(TestRunStart start)
    {
        var validator = new Validator();
        if (start.Retries is < 0 or > MaxRetries)
        {
            validator.Add("retries", $"Retries must be between 0 and {MaxRetries}.");
        }

        if (!Runners.TestRunOrder.IsValid(start.Order))
        {
            validator.Add("order", "The order is 'smart' (recently failed and failure-prone tests first, then the fastest) or 'default'.");
        }

        if (start.Shards is < 1 or > Parallel.ShardPlanner.MaxShards)
        {
            validator.Add("shards", $"Shards must be between 1 and {Parallel.ShardPlanner.MaxShards}.");
        }

        if (start.Timeout is { } timeout && (timeout < TimeSpan.FromSeconds(1) || timeout > MaxTimeout))
        {
            validator.Add("timeout", $"The timeout must be between 1 second and {MaxTimeout.TotalHours:0} hours.");
        }

        if (start.Tests.Count > MaxTests)
        {
            validator.Add("tests", $"At most {MaxTests} tests may be selected; run the whole suite instead.");
        }
        else if (start.Tests.Any(string.IsNullOrWhiteSpace))
        {
            validator.Add("tests", "A selected test cannot be empty.");
        }

        if (start.Project is { } project && (project.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(project)))
        {
            validator.Add("project", "The project is a detected project's root relative to the repository, such as 'services/api'.");
        }

        if (start.Custom is { } custom)
        {
            if (custom.Command.Count == 0 || custom.Command.Any(string.IsNullOrEmpty))
            {
                validator.Add("custom.command", "The custom runner needs a command: the program and its arguments, as a list.");
            }

            if (start.Project is not null || (Blank(start.Framework) is { } named && !string.Equals(named, "custom", StringComparison.OrdinalIgnoreCase)))
            {
                validator.Add("custom", "A custom command is the run's one project: leave project and framework out.");
            }

            if (start.Shards > 1)
            {
                validator.Add("shards", "A custom command runs whole: it cannot be split into shards.");
            }

            if (start.Tests.Count > 0)
            {
                validator.Add("tests", "A custom command runs as given: it cannot select tests.");
            }
        }
        else if (string.Equals(Blank(start.Framework), "custom", StringComparison.OrdinalIgnoreCase))
        {
            validator.Add("framework", "The custom runner is never detected: give its command (custom.command) instead of naming it.");
        }

        if (start.CoverageGoals.Count > 0 && !start.Coverage)
        {
            validator.Add("goals", "Coverage goals need a run with coverage (\"coverage\": true).");
        }

        validator.ThrowIfInvalid();
        if (start.Custom is { } command)
        {
            // Its directory and report globs must stay inside the repository: refused now, not when the run starts.
            Runners.Custom.CustomAdapter.Project(start.Target.Workspace, start.Target.Path, command);
        }

        Coverage.Runs.TestCoverageService.ParseGoals(start.CoverageGoals);
        // Unknown and not-yet-supported frameworks are the module's own errors (testing.unknown_framework lists the known ones).
        return Blank(start.Framework) is { } name ? TestFrameworks.NameOf(TestFrameworks.ParseSupported(name)) : null;
    }

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value, LightningJson.Options);
}
