using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Coordination;
using Lightning.Collaboration.History;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Diagnostics;

namespace Lightning.Collaboration.Execution;

// Scheduling: everything here runs on the engine's loop.
public sealed partial class CollaborationEngine
{
    readonly PriorityQueue<(CollaborationRun Run, int Index), (int Priority, long Order)> _ready = new();
    readonly PriorityQueue<(CollaborationRun Run, int Index), DateTimeOffset> _retries = new();
    readonly Dictionary<string, Queue<Blocked>> _blocked = new(StringComparer.Ordinal);
    readonly Queue<DateTimeOffset> _completions = new();
    static readonly Histogram<double> ReadyToStart = LightningTelemetry.Meter.CreateHistogram<double>(
        "lightning.collaboration.ready_to_start", "ms", "Time from a subtask becoming ready to its start on an agent.");

    static readonly Counter<long> SubtasksFinished = LightningTelemetry.Meter.CreateCounter<long>(
        "lightning.collaboration.subtasks.finished", description: "Subtasks that finished, by outcome.");

    int _uncommitted;
    long _readyOrder;
    long _runTokens;
    int _globalRunning;
    long _subtasksCompleted;
    long _subtasksFailed;

    sealed record Blocked(CollaborationRun Run, int Index, IReadOnlyCollection<string> Required, string? Named, DateTimeOffset Since);

    /// <summary>Queues the nodes that the last events made ready, then starts what limits allow.</summary>
    /// <param name="readySince">When the work that made these nodes ready ended (its tool's finish), if not now.</param>
    void Schedule(CollaborationRun run, long? readySince = null)
    {
        var now = readySince ?? Stopwatch.GetTimestamp();
        foreach (var index in run.NewlyReady)
        {
            run.Nodes[index].ReadyTimestamp = now;
            _ready.Enqueue((run, index), (-run.Submitted.Priority, _readyOrder++));
        }

        run.NewlyReady.Clear();
        Pump();
    }

    void Pump()
    {
        while (_globalRunning < _options.MaxParallel && Volatile.Read(ref _uncommitted) <= _options.MaxUncommittedEvents && _ready.TryDequeue(out var item, out _))
        {
            TryDispatch(item.Run, item.Index);
        }
    }

    void TryDispatch(CollaborationRun run, int index)
    {
        var node = run.Nodes[index];
        if (run.IsFinished || node.Status != SubtaskStatus.Ready)
        {
            return;
        }

        if (BudgetExhausted(run) is { } reason)
        {
            Emit(run, CollaborationEventTypes.BudgetExhausted, null, new { reason });
            FinishRun(run, CollaborationStatus.BudgetExhausted, reason);
            return;
        }

        var spec = run.Graph.Nodes[index];
        if (run.Recording is { } recording && run.Replays(index))
        {
            ReplayNode(run, index, spec, recording);
            return;
        }

        if (spec.RequiresApproval && !node.Approved)
        {
            Emit(run, CollaborationEventTypes.SubtaskAwaitingApproval, spec.Id, null);
            return;
        }

        if (spec.Aggregate is { Strategy: not (AggregationStrategy.Reviewer or AggregationStrategy.Agent) } aggregate)
        {
            RunAggregation(run, index, aggregate);
            return;
        }

        if (run.Running >= (run.Graph.Plan.MaxParallel ?? int.MaxValue))
        {
            run.Deferred.Enqueue(index);
            return;
        }

        if (spec.Group is { } group && run.Graph.Plan.Groups?.GetValueOrDefault(group) is { } limit and > 0 && run.GroupRunning.GetValueOrDefault(group) >= limit)
        {
            if (!run.GroupDeferred.TryGetValue(group, out var waiting))
            {
                run.GroupDeferred[group] = waiting = new Queue<int>();
            }

            waiting.Enqueue(index);
            return;
        }

        var tool = _tools.Find(spec.Tool!);
        if (tool is null)
        {
            Fail(run, index, $"The tool '{spec.Tool}' is no longer installed.", output: null, retryable: false, agent: null);
            return;
        }

        var required = new[] { spec.Capability, tool.Capability }.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        if (spec.Selection == SelectionStrategy.ContractNet && (node.Bidding || Award(run, index, spec, tool, required)))
        {
            return;
        }

        var agent = _agents.Select(required, spec.Agent);
        if (agent is null)
        {
            var key = $"{spec.Agent}|{string.Join(',', required)}";
            if (!_blocked.TryGetValue(key, out var queue))
            {
                _blocked[key] = queue = new Queue<Blocked>();
            }

            queue.Enqueue(new Blocked(run, index, required, spec.Agent, _time.GetUtcNow()));
            return;
        }

        Start(run, index, spec, tool, agent);
    }

    void Start(CollaborationRun run, int index, SubtaskSpec spec, IAgentTool tool, AgentCandidate agent)
    {
        var node = run.Nodes[index];
        ReadyToStart.Record(Stopwatch.GetElapsedTime(node.ReadyTimestamp).TotalMilliseconds);
        Emit(run, CollaborationEventTypes.SubtaskStarted, spec.Id, new { agent = agent.Name, attempt = node.Attempts + 1 });
        agent.InFlight++;
        _globalRunning++;
        run.Running++;
        if (spec.Group is { } group)
        {
            run.GroupRunning[group] = run.GroupRunning.GetValueOrDefault(group) + 1;
        }

        JsonElement input;
        try
        {
            input = Input(run, index, spec);
        }
#pragma warning disable CA1031 // Whatever goes wrong building the input fails this subtask, not the loop (it would stay running).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Release(run, index, agent.Name);
            Fail(run, index, $"Its input could not be built: {ex.Message}", output: null, retryable: false, agent: agent.Name);
            return;
        }

        var token = ++_runTokens;
        node.RunToken = token;
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(run.Cancellation.Token, _stopping.Token);
        TimeSpan? timeout = spec.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
        if (timeout is { } limit)
        {
            cancellation.CancelAfter(limit);
        }

        node.RunCancellation = cancellation;
        var call = new ToolCall(agent.Name, input, $"{run.Id}:{spec.Id}", node.Attempts, run.Submitted.SubmittedBy, timeout, run.Id, spec.Id,
            SharedWorkspace: run.Graph.Plan.Workspace == WorkspaceMode.Shared);
        var agentName = agent.Name;
        _ = Task.Run(async () =>
        {
            var started = Stopwatch.GetTimestamp();
            ToolResult result;
            try
            {
                result = await _runner.RunAsync(tool, call, cancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                result = run.Cancellation.IsCancellationRequested || _stopping.IsCancellationRequested
                    ? ToolResult.Failure("Cancelled.", retryable: false)
                    : ToolResult.Failure($"Timed out after {spec.TimeoutSeconds} s.");
            }
#pragma warning disable CA1031 // A crashing tool is a failed subtask, not a crashed engine.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                result = ToolResult.Failure($"The tool '{tool.Name}' crashed: {ex.Message}");
            }

            var finished = Stopwatch.GetTimestamp();
            var elapsed = Stopwatch.GetElapsedTime(started, finished);
            if (!_stopping.IsCancellationRequested)
            {
                Post(() => OnCompleted(run, index, token, agentName, result, elapsed, finished));
            }
        });
    }

    static JsonElement Input(CollaborationRun run, int index, SubtaskSpec spec)
    {
        var input = InputReferences.Resolve(spec.Input ?? JsonSerializer.SerializeToElement(new { }), run.Lookup);
        if (spec.Aggregate is null)
        {
            return input;
        }

        // Reviewer and agent aggregation: the tool sees every candidate beside its own input.
        var node = JsonNode.Parse(input.GetRawText()) as JsonObject ?? [];
        node["candidates"] = new JsonArray([.. run.Graph.Dependencies[index].Select(d => (JsonNode)new JsonObject
        {
            ["subtask"] = run.Graph.Nodes[d].Id,
            ["output"] = run.Nodes[d].Output is { } output ? JsonNode.Parse(output.GetRawText()) : null,
        })]);
        return JsonSerializer.SerializeToElement(node);
    }

    void RunAggregation(CollaborationRun run, int index, AggregationSpec aggregate)
    {
        var spec = run.Graph.Nodes[index];
        var node = run.Nodes[index];
        var outputs = AggregationInputs(run, index);
        var result = Aggregator.Aggregate(aggregate, outputs);
        if (!result.Succeeded && aggregate.Escalate)
        {
            if (node.Decision is not { } decision)
            {
                // No agreement: a person decides. The gate says why; the approver's comment names the winner.
                Emit(run, CollaborationEventTypes.SubtaskAwaitingApproval, spec.Id, new { escalated = true, reason = result.Error });
                if (run.Replays(index) && run.Recording!.Decision(spec.Id) is { } recorded)
                {
                    DecideAsRecorded(run, index, spec, recorded);
                }

                return;
            }

            result = Aggregator.Decide(aggregate, outputs, decision.Comment, decision.By);
        }

        Emit(run, CollaborationEventTypes.SubtaskStarted, spec.Id, new { agent = (string?)null, attempt = node.Attempts + 1 });
        if (result.Succeeded)
        {
            Emit(run, CollaborationEventTypes.SubtaskSucceeded, spec.Id, new { output = result.Output, durationMs = 0 });
            _subtasksCompleted++;
            Schedule(run);
        }
        else
        {
            Fail(run, index, result.Error ?? "The aggregation failed.", result.Output, retryable: false, agent: null);
        }

        CheckFinished(run);
    }

    static List<(string Subtask, JsonElement Output)> AggregationInputs(CollaborationRun run, int index) =>
        [.. run.Graph.Dependencies[index].Select(d => (run.Graph.Nodes[d].Id, run.Nodes[d].Output ?? JsonSerializer.SerializeToElement<object?>(null)))];

    void OnCompleted(CollaborationRun run, int index, long token, string agentName, ToolResult result, TimeSpan elapsed, long finishedAt)
    {
        Release(run, index, agentName);
        var node = run.Nodes[index];
        node.RunCancellation?.Dispose();
        node.RunCancellation = null;
        if (!run.IsFinished && node.RunToken == token && node.Status == SubtaskStatus.Running)
        {
            // Only runs that ended on their own count for the agent: one stopped by a cancel says nothing about it.
            _agents.Find(agentName)?.Stats.Record(result.Succeeded, elapsed.TotalMilliseconds, (double)(result.Usage?.Cost ?? 0));
            var spec = run.Graph.Nodes[index];
            if (result.Succeeded && OversizedOutput(result.Output) is { } size)
            {
                result = ToolResult.Failure(
                    $"Its output is {size:#,0} bytes; the limit is {_options.MaxOutputBytes:#,0} (Lightning:Collaboration:MaxOutputBytes). Write large results to a file and return its path.",
                    retryable: false);
            }

            if (result.Succeeded)
            {
                Emit(run, CollaborationEventTypes.SubtaskSucceeded, spec.Id, new
                {
                    agent = agentName,
                    output = result.Output,
                    durationMs = (long)elapsed.TotalMilliseconds,
                    usage = result.Usage,
                    artifacts = result.Artifacts,
                });
                _subtasksCompleted++;
                SubtasksFinished.Add(1, new KeyValuePair<string, object?>("outcome", "succeeded"));
                RecordCompletion();
            }
            else
            {
                Fail(run, index, result.Error ?? "The tool failed.", result.Output, result.Retryable, agentName, result.Usage);
            }

            // The dependents became ready when the tool finished, not when the loop got to it: the latency counts the inbox too.
            Schedule(run, finishedAt);
            CheckFinished(run);
        }

        Unblock();
        Pump();
    }

    /// <summary>The output's size when it is over the limit, else null. Scalars are small enough not to measure.</summary>
    int? OversizedOutput(JsonElement? output)
    {
        if (output is not { ValueKind: JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.String } value)
        {
            return null;
        }

        // The element's own UTF-8 bytes: measured without copying them, on every completion.
        var size = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value).Length;
        return size > _options.MaxOutputBytes ? size : null;
    }

    void Release(CollaborationRun run, int index, string agentName)
    {
        if (_agents.Find(agentName) is { } agent)
        {
            agent.InFlight = Math.Max(0, agent.InFlight - 1);
        }

        _globalRunning--;
        run.Running--;
        if (run.Deferred.TryDequeue(out var deferred))
        {
            _ready.Enqueue((run, deferred), (-run.Submitted.Priority, _readyOrder++));
        }

        if (run.Graph.Nodes[index].Group is { } group)
        {
            run.GroupRunning[group]--;
            if (run.GroupDeferred.TryGetValue(group, out var waiting) && waiting.TryDequeue(out var next))
            {
                _ready.Enqueue((run, next), (-run.Submitted.Priority, _readyOrder++));
            }
        }
    }

    /// <summary>A failed attempt: retried after its backoff while attempts and the error allow, else final.</summary>
    void Fail(CollaborationRun run, int index, string error, JsonElement? output, bool retryable, string? agent, ToolUsage? usage = null)
    {
        var spec = run.Graph.Nodes[index];
        var node = run.Nodes[index];
        var failures = node.Failures + 1;
        var retry = spec.Retry ?? new RetryPolicy();
        if (retryable && failures < retry.MaxAttempts && !run.IsFinished)
        {
            // A replayed answer needs no waiting: the backoff was for the agent's sake, and it is not called.
            var replayed = run.Replays(index);
            var delay = replayed ? TimeSpan.Zero : Backoff(retry, failures);
            var retryAt = _time.GetUtcNow() + delay;
            Emit(run, CollaborationEventTypes.SubtaskFailed, spec.Id, new { agent, error, output, usage, attempt = node.Attempts, final = false, retryAt });
            if (replayed)
            {
                node.Status = SubtaskStatus.Ready;
                run.NewlyReady.Add(index);
                return;
            }

            _retries.Enqueue((run, index), retryAt);
            Log.SubtaskRetried(_logger, run.Id, spec.Id, agent ?? "-", failures, delay);
            return;
        }

        Emit(run, CollaborationEventTypes.SubtaskFailed, spec.Id, new { agent, error, output, usage, attempt = node.Attempts, final = true });
        _subtasksFailed++;
        SubtasksFinished.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
        RecordCompletion();
        OnFinalFailure(run, index);
    }

    /// <summary>Exponential backoff with ±20 % jitter, so retries of many subtasks do not arrive together.</summary>
    static TimeSpan Backoff(RetryPolicy retry, int failures)
    {
        var seconds = Math.Min(retry.MaxBackoffSeconds, retry.BackoffSeconds * Math.Pow(2, failures - 1));
        var jitter = 1 + ((Random.Shared.NextDouble() * 0.4) - 0.2);
        return TimeSpan.FromSeconds(seconds * jitter);
    }

    void OnFinalFailure(CollaborationRun run, int index)
    {
        var spec = run.Graph.Nodes[index];
        var node = run.Nodes[index];
        switch (spec.OnFailure ?? FailureAction.Fail)
        {
            case FailureAction.Fail:
                FinishRun(run, CollaborationStatus.Failed, $"Subtask '{spec.Id}' failed: {node.Error}");
                break;
            case FailureAction.Continue:
                SkipDependents(run, index);
                break;
            case FailureAction.Compensate:
                Emit(run, CollaborationEventTypes.CompensationTriggered, spec.Compensation, new { failed = spec.Id });
                SkipDependents(run, index);
                break;
        }
    }

    void SkipDependents(CollaborationRun run, int index)
    {
        var reason = $"Dependency '{run.Graph.Nodes[index].Id}' failed.";
        var stack = new Stack<int>(run.Graph.Dependents[index]);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (run.Nodes[next].Status.IsFinished())
            {
                continue;
            }

            Emit(run, CollaborationEventTypes.SubtaskSkipped, run.Graph.Nodes[next].Id, new { reason });
            foreach (var after in run.Graph.Dependents[next])
            {
                stack.Push(after);
            }
        }
    }

    void FinishRun(CollaborationRun run, CollaborationStatus status, string? error, JsonElement? result = null)
    {
        foreach (var node in run.Nodes)
        {
            if (node.Status == SubtaskStatus.Running)
            {
                node.RunCancellation?.Cancel();
            }
        }

        Emit(run, CollaborationEventTypes.Finished, null, new { status, error, result });
        Log.Finished(_logger, run.Id, status, error);
        _finishedOrder.Enqueue(run.Id);
        while (_finishedOrder.Count > _options.FinishedKeptInMemory && _finishedOrder.TryDequeue(out var old))
        {
            if (_runs.TryGetValue(old, out var finished) && finished.IsFinished && finished.Running == 0)
            {
                _runs.Remove(old);
            }
        }
    }

    void CheckFinished(CollaborationRun run)
    {
        if (run.IsFinished || run.Unfinished > 0)
        {
            return;
        }

        var graph = run.Graph;
        var results = graph.Plan.Result is { } named
            ? [graph.IndexOf(named)]
            : Enumerable.Range(0, graph.Count).Where(i => graph.Dependents[i].Length == 0 && !graph.CompensationOnly[i]).ToArray();
        var failed = results.Where(i => run.Nodes[i].Status != SubtaskStatus.Succeeded).ToList();
        if (failed.Count > 0)
        {
            FinishRun(run, CollaborationStatus.Failed,
                $"Not done: {string.Join("; ", failed.Select(i => $"{graph.Nodes[i].Id} ({JsonNamingPolicy.KebabCaseLower.ConvertName(run.Nodes[i].Status.ToString())}{(run.Nodes[i].Error is { } e ? $": {e}" : string.Empty)})"))}.");
            return;
        }

        JsonElement? result = results.Length == 1
            ? run.Nodes[results[0]].Output
            : JsonSerializer.SerializeToElement(results.ToDictionary(i => graph.Nodes[i].Id, i => run.Nodes[i].Output, StringComparer.Ordinal));
        FinishRun(run, CollaborationStatus.Succeeded, null, result);
    }

    string? BudgetExhausted(CollaborationRun run)
    {
        var task = run.Submitted.Task;
        var now = _time.GetUtcNow();
        if (task.Deadline is { } deadline && now >= deadline)
        {
            return $"The deadline {deadline:u} passed.";
        }

        if (task.Budget is not { } budget)
        {
            return null;
        }

        if (budget.MaxDurationSeconds is { } seconds && (now - run.CreatedAt).TotalSeconds >= seconds)
        {
            return $"The time budget of {seconds} s ran out.";
        }

        if (budget.MaxTokens is { } tokens && run.Tokens >= tokens)
        {
            return $"The token budget of {tokens} ran out ({run.Tokens} used).";
        }

        if (budget.MaxCost is { } cost && run.Cost >= cost)
        {
            return $"The cost budget of {cost} ran out ({run.Cost} used).";
        }

        return budget.MaxSubtaskRuns is { } runs && run.SubtaskRuns >= runs ? $"The budget of {runs} subtask runs ran out." : null;
    }

    /// <summary>Blocked subtasks get the agents that just freed up or came online.</summary>
    void Unblock()
    {
        foreach (var queue in _blocked.Values)
        {
            while (queue.TryPeek(out var blocked))
            {
                if (blocked.Run.IsFinished || blocked.Run.Nodes[blocked.Index].Status != SubtaskStatus.Ready)
                {
                    queue.Dequeue();
                    continue;
                }

                if (_globalRunning >= _options.MaxParallel || _agents.Select(blocked.Required, blocked.Named) is null)
                {
                    break;
                }

                queue.Dequeue();
                TryDispatch(blocked.Run, blocked.Index);
            }
        }
    }

    void OnTick()
    {
        var now = _time.GetUtcNow();
        while (_retries.TryPeek(out var item, out var due) && due <= now)
        {
            _retries.Dequeue();
            var node = item.Run.Nodes[item.Index];
            if (!item.Run.IsFinished && node.Status == SubtaskStatus.Retrying)
            {
                node.Status = SubtaskStatus.Ready;
                item.Run.NewlyReady.Add(item.Index);
                Schedule(item.Run);
            }
        }

        foreach (var run in _runs.Values.Where(run => !run.IsFinished && (run.Submitted.Task.Deadline is not null || run.Submitted.Task.Budget?.MaxDurationSeconds is not null)).ToList())
        {
            if (BudgetExhausted(run) is { } reason)
            {
                Emit(run, CollaborationEventTypes.BudgetExhausted, null, new { reason });
                FinishRun(run, CollaborationStatus.BudgetExhausted, reason);
            }
        }

        // A subtask nobody online can ever take fails after the wait; one that only waits for a busy agent keeps waiting.
        var wait = TimeSpan.FromSeconds(_options.AgentWaitSeconds);
        foreach (var queue in _blocked.Values)
        {
            while (queue.TryPeek(out var blocked) && (blocked.Run.IsFinished || blocked.Run.Nodes[blocked.Index].Status != SubtaskStatus.Ready
                || (now - blocked.Since >= wait && !_agents.AnyMatch(blocked.Required, blocked.Named))))
            {
                queue.Dequeue();
                if (!blocked.Run.IsFinished && blocked.Run.Nodes[blocked.Index].Status == SubtaskStatus.Ready)
                {
                    var what = blocked.Named is { } name ? $"agent '{name}'" : $"an agent with {string.Join(", ", blocked.Required)}";
                    Fail(blocked.Run, blocked.Index, $"No online {what} became available within {_options.AgentWaitSeconds} s.", null, retryable: false, agent: null);
                    Schedule(blocked.Run);
                    CheckFinished(blocked.Run);
                }
            }
        }

        Pump();
    }

    void OnAgentsRefreshed(IReadOnlyList<Lightning.Agents.Registry.AgentView> agents)
    {
        _agents.Refresh(agents);
        Unblock();
        Pump();
    }

    void Resume(CollaborationRun run)
    {
        _runs[run.Id] = run;
        var interrupted = new List<string>();
        for (var i = 0; i < run.Nodes.Length; i++)
        {
            var node = run.Nodes[i];
            switch (node.Status)
            {
                case SubtaskStatus.Running:
                    interrupted.Add(run.Graph.Nodes[i].Id);
                    node.Status = SubtaskStatus.Ready;
                    run.NewlyReady.Add(i);
                    break;
                case SubtaskStatus.Ready:
                    run.NewlyReady.Add(i);
                    break;
                case SubtaskStatus.Retrying:
                    _retries.Enqueue((run, i), node.RetryAt ?? _time.GetUtcNow());
                    break;
            }
        }

        Emit(run, CollaborationEventTypes.Resumed, null, new { interrupted });
        Schedule(run);
        CheckFinished(run);
    }

    void RecordCompletion()
    {
        var now = _time.GetUtcNow();
        _completions.Enqueue(now);
        while (_completions.Count > 0 && (now - _completions.Peek() > TimeSpan.FromMinutes(1) || _completions.Count > 1_000_000))
        {
            _completions.Dequeue();
        }
    }
}
