using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Lightning.Agents.Registry;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Coordination;
using Lightning.Collaboration.Coordination.ContractNet;
using Lightning.Collaboration.History;
using Lightning.Collaboration.Planning;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Errors;
using Lightning.Core.Ids;
using Lightning.Core.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Collaboration.Execution;

/// <summary>
/// The coordinator. One loop owns every running collaboration: it schedules ready subtasks onto agents, takes their
/// results, applies failure policies and budgets, and records each decision as an event. Events are applied to memory
/// at once and appended to the log in group commits; watchers see them once durable. At start the loop reads back every
/// collaboration the log does not end and resumes it: finished subtasks stay finished, interrupted ones run again with
/// the same idempotency key.
/// </summary>
public sealed partial class CollaborationEngine : ICollaborationService, IConversationLog, IHostedService, IAsyncDisposable
{
    readonly ICollaborationEventStore _store;
    readonly TaskPlanner _planner;
    readonly ToolCatalog _tools;
    readonly ISubtaskRunner _runner;
    readonly IContractNetBidder _bidder;
    readonly Lightning.Agents.Actions.ActionExecutor _workspaces;
    readonly AgentRegistry _registry;
    readonly CollaborationLiveStreams _live;
    readonly TimeProvider _time;
    readonly CollaborationOptions _options;
    readonly ILogger<CollaborationEngine> _logger;
    readonly Channel<Action> _inbox = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    readonly Dictionary<string, CollaborationRun> _runs = new(StringComparer.Ordinal);
    readonly Queue<string> _finishedOrder = new();
    readonly AgentDirectory _agents = new();
    readonly List<CollaborationEvent> _unflushed = [];
    readonly List<TaskCompletionSource> _flushWaiters = [];
    readonly CancellationTokenSource _stopping = new();
    Task? _loop;
    Task? _ticker;
    Task _lastAppend = Task.CompletedTask;

    public CollaborationEngine(
        ICollaborationEventStore store, TaskPlanner planner, ToolCatalog tools, ISubtaskRunner runner, IContractNetBidder bidder, Lightning.Agents.Actions.ActionExecutor workspaces, AgentRegistry registry,
        CollaborationLiveStreams live, TimeProvider time, IOptions<CollaborationOptions> options, ILogger<CollaborationEngine> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _planner = planner;
        _tools = tools;
        _runner = runner;
        _bidder = bidder;
        _workspaces = workspaces;
        _registry = registry;
        _live = live;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _store.OnCommitted(live.Publish);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var agents = await _registry.ListAsync(cancellationToken);
        _agents.Refresh(agents);
        var resumed = new List<CollaborationRun>();
        foreach (var id in await _store.UnfinishedAsync(cancellationToken))
        {
            var run = await LoadAsync(id, cancellationToken);
            if (run is not null)
            {
                await AttachRecordingAsync(run, cancellationToken);
                resumed.Add(run);
            }
        }

        _loop = Task.Factory.StartNew(LoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        _ticker = TickAsync();
        if (resumed.Count > 0)
        {
            await InvokeAsync(() =>
            {
                foreach (var run in resumed)
                {
                    Resume(run);
                }

                return true;
            });
            Log.Resumed(_logger, resumed.Count);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _inbox.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken);
        }

        if (_ticker is not null)
        {
            await _ticker.WaitAsync(cancellationToken);
        }

        await _lastAppend.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }

    // ---- public service ------------------------------------------------------------------------------------------

    public Task<CollaborationView> SubmitAsync(ComplexTask task, string submittedBy, CancellationToken cancellationToken) =>
        SubmitAsync(task, submittedBy, id: null, cancellationToken);

    public async Task<CollaborationView> SubmitAsync(ComplexTask task, string submittedBy, string? id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (id is not null)
        {
            var ids = new Validator();
            ids.Require(id.StartsWith("col_", StringComparison.Ordinal) && id.Length is > 4 and <= 64 && !id.AsSpan(4).ContainsAnyExcept(IdCharacters),
                "id", "A collaboration id is col_ followed by at most 60 letters and digits.");
            ids.ThrowIfInvalid();

            if (await GetAsync(id, cancellationToken) is { } existing)
            {
                return existing;
            }
        }

        var validator = new Validator();
        validator.Require(task.Priority is >= 0 and <= 9, "priority", "Priority must be between 0 and 9.");
        validator.Require(task.Title is null || task.Title.Length <= 200, "title", "The title is at most 200 characters.");
        validator.Require(task.Deadline is null || task.Deadline > _time.GetUtcNow(), "deadline", "The deadline has already passed.");
        validator.Require(task.Budget?.MaxDurationSeconds is null or >= 1, "budget.maxDurationSeconds", "maxDurationSeconds must be at least 1.");
        validator.Require(task.Budget?.MaxTokens is null or >= 1, "budget.maxTokens", "maxTokens must be at least 1.");
        validator.Require(task.Budget?.MaxCost is null or > 0, "budget.maxCost", "maxCost must be more than 0.");
        validator.Require(task.Budget?.MaxSubtaskRuns is null or >= 1, "budget.maxSubtaskRuns", "maxSubtaskRuns must be at least 1.");
        validator.ThrowIfInvalid();

        var outcome = await _planner.PlanAsync(task, await CatalogAsync(cancellationToken), cancellationToken);
        var graph = outcome.Graph;
        var title = task.Title ?? FirstLine(task.Description) ?? $"{graph.Count} subtasks";
        var submitted = new SubmittedData(title, task.Description, task.Priority, submittedBy, outcome.Planner,
            [.. outcome.Notes, $"Complexity {outcome.Complexity.Score}/100 ({JsonNamingPolicy.KebabCaseLower.ConvertName(outcome.Complexity.Level.ToString())})."],
            graph.Count, task with { Plan = null }, graph.Plan);
        return await BeginAsync(submitted, graph, prepare: null, cancellationToken, id);
    }

    static readonly System.Buffers.SearchValues<char> IdCharacters = System.Buffers.SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>Records a new collaboration and, once that is durable, starts it.</summary>
    async Task<CollaborationView> BeginAsync(SubmittedData submitted, TaskGraph graph, Action<CollaborationRun>? prepare, CancellationToken cancellationToken, string? id = null)
    {
        id ??= LightningId.New("col");
        var (accepted, durable) = await InvokeAsync(() =>
        {
            var run = new CollaborationRun(id, _time.GetUtcNow(), submitted, graph);
            prepare?.Invoke(run);
            _runs[id] = run;
            Emit(run, CollaborationEventTypes.Submitted, null, submitted);
            return (run, WhenFlushed());
        });
        try
        {
            await durable;
        }
        catch
        {
            _inbox.Writer.TryWrite(() => _runs.Remove(id));
            throw;
        }

        // Nothing runs before the log holds the collaboration: no side effect for work a crash would forget.
        Post(() => Schedule(accepted));
        cancellationToken.ThrowIfCancellationRequested();
        Log.Submitted(_logger, id, graph.Count, submitted.Planner, submitted.SubmittedBy);
        return await GetAsync(id, cancellationToken) ?? throw NotFound(id);
    }

    public async Task<CollaborationView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        // Memory runs a group commit ahead of the log: wait for it, so a status read never shows what a crash could undo.
        var (view, durable) = await InvokeAsync(() => _runs.TryGetValue(id, out var run) ? (run.ToView(_time.GetUtcNow()), WhenFlushed()) : (null, Task.CompletedTask));
        if (view is not null)
        {
            await durable.WaitAsync(cancellationToken);
            return view;
        }

        var loaded = await LoadAsync(id, cancellationToken);
        return loaded?.ToView(_time.GetUtcNow());
    }

    public Task<CollaborationPage> ListAsync(CollaborationQuery query, CancellationToken cancellationToken) => _store.ListAsync(query, cancellationToken);

    public async Task<IReadOnlyList<CollaborationAgentView>?> AgentsAsync(string id, CancellationToken cancellationToken)
    {
        var view = await GetAsync(id, cancellationToken);
        return view?.Subtasks.Where(subtask => subtask.Agent is not null).GroupBy(subtask => subtask.Agent!, StringComparer.Ordinal)
            .Select(group => new CollaborationAgentView(group.Key, group.Count(),
                group.Count(s => s.Status == SubtaskStatus.Running), group.Count(s => s.Status == SubtaskStatus.Succeeded),
                group.Count(s => s.Status == SubtaskStatus.Failed), group.Sum(s => s.DurationMs ?? 0)))
            .OrderBy(agent => agent.Agent, StringComparer.Ordinal).ToList();
    }

    public async Task<CollaborationView> CancelAsync(string id, string by, CancellationToken cancellationToken)
    {
        var (found, durable) = await InvokeAsync(() =>
        {
            if (!_runs.TryGetValue(id, out var run))
            {
                return (false, Task.CompletedTask);
            }

            if (run.IsFinished)
            {
                throw AlreadyFinished(run);
            }

            Emit(run, CollaborationEventTypes.CancelRequested, null, new { by });
            FinishRun(run, CollaborationStatus.Cancelled, $"Cancelled by {by}.");
            return (true, WhenFlushed());
        });
        if (!found)
        {
            var stored = await _store.FindAsync(id, cancellationToken) ?? throw NotFound(id);
            throw new LightningException(ErrorKind.Conflict, "collaboration.finished", $"Collaboration '{id}' has already finished ({SqliteCollaborationEventStore.StatusName(stored.Status)}).");
        }

        await durable.WaitAsync(cancellationToken);
        return await GetAsync(id, cancellationToken) ?? throw NotFound(id);
    }

    public async Task<CollaborationView> DecideAsync(string id, string subtask, bool approve, string by, string? comment, CancellationToken cancellationToken)
    {
        var durable = await InvokeAsync(() =>
        {
            if (!_runs.TryGetValue(id, out var run))
            {
                throw NotFound(id);
            }

            var index = run.Graph.IndexOf(subtask);
            if (index < 0)
            {
                throw new LightningException(ErrorKind.NotFound, "subtask.not_found", $"Collaboration '{id}' has no subtask '{subtask}'.");
            }

            if (run.IsFinished || run.Nodes[index].Status != SubtaskStatus.AwaitingApproval)
            {
                throw new LightningException(ErrorKind.Conflict, "subtask.not_awaiting_approval",
                    $"Subtask '{subtask}' is not waiting for approval (it is {JsonNamingPolicy.KebabCaseLower.ConvertName(run.Nodes[index].Status.ToString())}).");
            }

            if (approve && run.Graph.Nodes[index].Aggregate is { Escalate: true } escalated
                && Aggregator.Decide(escalated, AggregationInputs(run, index), comment, by) is { Succeeded: false } unclear)
            {
                throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["comment"] = [unclear.Error!] });
            }

            Emit(run, approve ? CollaborationEventTypes.SubtaskApproved : CollaborationEventTypes.SubtaskRejected, subtask, new { by, comment });
            if (!approve)
            {
                OnFinalFailure(run, index);
            }

            Schedule(run);
            CheckFinished(run);
            return WhenFlushed();
        });
        await durable.WaitAsync(cancellationToken);
        return await GetAsync(id, cancellationToken) ?? throw NotFound(id);
    }

    public async Task RecordAsync(string collaborationId, ConversationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var durable = await InvokeAsync(() =>
        {
            if (!_runs.TryGetValue(collaborationId, out var run) || run.IsFinished)
            {
                throw new LightningException(ErrorKind.NotFound, "collaboration.not_running", $"No running collaboration with id '{collaborationId}'.");
            }

            Emit(run, CollaborationEventTypes.Message, message.Subtask, message);
            return WhenFlushed();
        });
        await durable.WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CollaborationEvent>?> EventsAsync(string id, long after, int limit, CancellationToken cancellationToken)
    {
        var events = await _store.ReadAsync(id, after, Math.Clamp(limit, 1, 10_000), cancellationToken);
        if (events.Count == 0 && await _store.FindAsync(id, cancellationToken) is null)
        {
            return null;
        }

        return events;
    }

    public async IAsyncEnumerable<CollaborationEvent> WatchAsync(string id, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Subscribe first, then read the log: an event committed in between comes twice and is dropped by its sequence.
        var channel = _live.Subscribe(id);
        try
        {
            var last = after;
            while (true)
            {
                var page = await _store.ReadAsync(id, last, 1000, cancellationToken);
                foreach (var e in page)
                {
                    last = e.Sequence;
                    yield return e;
                    if (e.Type == CollaborationEventTypes.Finished)
                    {
                        yield break;
                    }
                }

                if (page.Count < 1000)
                {
                    break;
                }
            }

            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken))
            {
                if (e.Sequence <= last)
                {
                    continue;
                }

                last = e.Sequence;
                yield return e;
                if (e.Type == CollaborationEventTypes.Finished)
                {
                    yield break;
                }
            }
        }
        finally
        {
            _live.Unsubscribe(id, channel);
        }
    }

    public async Task<CollaborationMetrics> MetricsAsync(CancellationToken cancellationToken)
    {
        var counts = await _store.CountByStatusAsync(cancellationToken);
        return await InvokeAsync(() =>
        {
            var now = _time.GetUtcNow();
            var lastMinute = _completions.Count(at => now - at <= TimeSpan.FromMinutes(1));
            return new CollaborationMetrics(
                counts[CollaborationStatus.Running], counts[CollaborationStatus.Succeeded], counts[CollaborationStatus.Failed],
                counts[CollaborationStatus.Cancelled], counts[CollaborationStatus.BudgetExhausted],
                _subtasksCompleted, _subtasksFailed, Math.Round(lastMinute / 60.0, 2),
                [.. _agents.All.Where(agent => agent.Stats.Runs > 0 || agent.InFlight > 0).OrderBy(agent => agent.Name, StringComparer.Ordinal)
                    .Select(agent => new AgentMetrics(agent.Name, agent.Stats.Runs, agent.Stats.Succeeded, agent.Stats.Failed,
                        agent.Stats.Runs == 0 ? 1 : Math.Round((double)agent.Stats.Succeeded / agent.Stats.Runs, 4),
                        Math.Round(agent.Stats.MeanLatencyMs(), 2), Math.Round(agent.Stats.PercentileLatencyMs(0.95), 2), agent.InFlight))]);
        });
    }

    // ---- loop plumbing -------------------------------------------------------------------------------------------

    Task<T> InvokeAsync<T>(Func<T> function)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                completion.TrySetResult(function());
            }
#pragma warning disable CA1031 // The caller gets the exception; the loop goes on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                completion.TrySetException(ex);
            }
        });
        return completion.Task;
    }

    void Post(Action action)
    {
        if (!_inbox.Writer.TryWrite(action))
        {
            throw new LightningException(ErrorKind.Unavailable, "collaboration.stopping", "The collaboration engine is stopping.");
        }
    }

    async Task LoopAsync()
    {
        var reader = _inbox.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var handled = 0;
            while (handled < 4096 && reader.TryRead(out var action))
            {
                try
                {
                    action();
                }
#pragma warning disable CA1031 // One bad step must not stop every collaboration.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.LoopFailed(_logger, ex);
                }

                handled++;
            }

            Flush();
        }

        Flush();
    }

    async Task TickAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100), _time);
        var refreshed = _time.GetUtcNow();
        // Read once: a host whose stop timed out disposes the engine while this loop may still be finishing a tick, and a
        // disposed source's Token throws.
        var stopping = _stopping.Token;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                if (_time.GetUtcNow() - refreshed >= TimeSpan.FromSeconds(1))
                {
                    refreshed = _time.GetUtcNow();
                    var agents = await _registry.ListAsync(stopping).ConfigureAwait(false);
                    Post(() => OnAgentsRefreshed(agents));
                }

                Post(OnTick);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (LightningException ex) when (ex.Kind == ErrorKind.Unavailable)
        {
            // Stopping: the inbox no longer takes work.
        }
        catch (ObjectDisposedException) when (_stopping.IsCancellationRequested)
        {
            // A tick that was reading the agents while the host shut down: the services it used are gone, and so is the need.
        }
    }

    /// <summary>Records an event: applied to memory now, appended with the loop's next group commit.</summary>
    void Emit(CollaborationRun run, string type, string? subtask, object? data)
    {
        var element = data is null ? (JsonElement?)null : data as JsonElement? ?? JsonSerializer.SerializeToElement(data, LightningJson.Options);
        var e = new CollaborationEvent(run.Id, type == CollaborationEventTypes.Submitted ? 1 : run.Sequence + 1, type, _time.GetUtcNow(), subtask, element);
        run.Apply(e);
        _unflushed.Add(e);
    }

    Task WhenFlushed()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _flushWaiters.Add(waiter);
        return waiter.Task;
    }

    void Flush()
    {
        if (_unflushed.Count == 0)
        {
            if (_flushWaiters.Count > 0)
            {
                // Nothing new to write, but the previous group commit may still be on its way to disk.
                var pending = _flushWaiters.ToArray();
                _flushWaiters.Clear();
                _ = _lastAppend.ContinueWith(task =>
                {
                    foreach (var waiter in pending)
                    {
                        waiter.TrySetResult();
                    }
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            return;
        }

        var events = _unflushed.ToArray();
        var waiters = _flushWaiters.ToArray();
        _unflushed.Clear();
        _flushWaiters.Clear();
        var append = _store.AppendAsync(events);
        _lastAppend = append;
        Interlocked.Add(ref _uncommitted, events.Length);
        _ = append.ContinueWith(task =>
        {
            if (Interlocked.Add(ref _uncommitted, -events.Length) <= _options.MaxUncommittedEvents && !_stopping.IsCancellationRequested)
            {
                _inbox.Writer.TryWrite(Pump);
            }

            foreach (var waiter in waiters)
            {
                if (task.Exception is { } ex)
                {
                    waiter.TrySetException(ex.InnerExceptions);
                }
                else
                {
                    waiter.TrySetResult();
                }
            }

            if (task.Exception is { } failure)
            {
                Log.AppendFailed(_logger, failure.GetBaseException(), events.Length);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    async Task<PlanCatalog> CatalogAsync(CancellationToken cancellationToken)
    {
        var agents = await _registry.ListAsync(cancellationToken);
        return new PlanCatalog(
            agents.SelectMany(agent => agent.Capabilities).ToHashSet(StringComparer.Ordinal),
            agents.Select(agent => agent.Name).ToHashSet(StringComparer.Ordinal),
            _tools);
    }

    /// <summary>Rebuilds a collaboration from its log alone (for resume, and to show one no longer in memory).</summary>
    /// <param name="read">When given, gets every event read, so a caller that needs them too reads the log once.</param>
    async Task<CollaborationRun?> LoadAsync(string id, CancellationToken cancellationToken, List<CollaborationEvent>? read = null)
    {
        var first = await _store.ReadAsync(id, 0, 1, cancellationToken);
        if (first.Count == 0 || first[0].Type != CollaborationEventTypes.Submitted || first[0].Data is not { } data)
        {
            return null;
        }

        read?.Add(first[0]);
        var submitted = data.Deserialize<SubmittedData>(LightningJson.Options)!;
        var run = new CollaborationRun(id, first[0].At, submitted, ShapeGraph(submitted));
        await foreach (var e in ReadAllAsync(id, after: 1, cancellationToken))
        {
            run.Apply(e);
            read?.Add(e);
        }

        run.NewlyReady.Clear();
        return run;
    }

    /// <summary>The graph of a plan checked at submit: agents may have come and gone since, so only its shape is checked again.</summary>
    TaskGraph ShapeGraph(SubmittedData submitted)
    {
        var plan = submitted.Plan;
        var catalog = new PlanCatalog(
            plan.Subtasks.SelectMany(s => new[] { s.Capability, s.Tool is null ? null : _tools.Find(s.Tool)?.Capability }).OfType<string>().ToHashSet(StringComparer.Ordinal),
            plan.Subtasks.Select(s => s.Agent).OfType<string>().ToHashSet(StringComparer.Ordinal),
            _tools);
        return TaskGraph.Build(plan, catalog, submitted.Task.Inputs);
    }

    async IAsyncEnumerable<CollaborationEvent> ReadAllAsync(string id, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await _store.ReadAsync(id, after, 5000, cancellationToken);
            foreach (var e in page)
            {
                after = e.Sequence;
                yield return e;
            }

            if (page.Count < 5000)
            {
                yield break;
            }
        }
    }

    static string? FirstLine(string? text)
    {
        var line = text?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return line is null ? null : line.Length <= 120 ? line : line[..117] + "...";
    }

    static LightningException NotFound(string id) => new(ErrorKind.NotFound, "collaboration.not_found", $"No collaboration with id '{id}'.");

    static LightningException AlreadyFinished(CollaborationRun run) => new(ErrorKind.Conflict, "collaboration.finished",
        $"Collaboration '{run.Id}' has already finished ({SqliteCollaborationEventStore.StatusName(run.Status)}).");
}
