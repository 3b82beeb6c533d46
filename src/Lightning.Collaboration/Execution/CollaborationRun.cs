using System.Text.Json;
using System.Text.Json.Nodes;
using Lightning.Agents.Tools;
using Lightning.Collaboration.History;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Serialization;

namespace Lightning.Collaboration.Execution;

/// <summary>
/// One collaboration's state, built only by <see cref="Apply"/> from its events, live and when the log is read back
/// after a restart: so what the engine decided and what a resumed engine believes cannot differ. Owned by the engine's
/// loop (not thread-safe).
/// </summary>
internal sealed class CollaborationRun
{
    public CollaborationRun(string id, DateTimeOffset createdAt, SubmittedData submitted, TaskGraph graph)
    {
        Id = id;
        CreatedAt = createdAt;
        Submitted = submitted;
        Graph = graph;
        Nodes = new NodeState[graph.Count];
        for (var i = 0; i < graph.Count; i++)
        {
            Nodes[i] = new NodeState { PendingDependencies = graph.Dependencies[i].Length };
            if (!graph.CompensationOnly[i])
            {
                Unfinished++;
                if (Nodes[i].PendingDependencies == 0)
                {
                    Nodes[i].Status = SubtaskStatus.Ready;
                    NewlyReady.Add(i);
                }
            }
        }
    }

    public string Id { get; }

    public DateTimeOffset CreatedAt { get; }

    public SubmittedData Submitted { get; }

    public TaskGraph Graph { get; }

    public NodeState[] Nodes { get; }

    public long Sequence { get; set; } = 1;

    public CollaborationStatus Status { get; private set; } = CollaborationStatus.Running;

    public string? Error { get; private set; }

    public JsonElement? Result { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Nodes that must still finish before the collaboration can end.</summary>
    public int Unfinished { get; private set; }

    public int Running { get; set; }

    public Dictionary<string, int> GroupRunning { get; } = new(StringComparer.Ordinal);

    public Queue<int> Deferred { get; } = new();

    public Dictionary<string, Queue<int>> GroupDeferred { get; } = new(StringComparer.Ordinal);

    /// <summary>Nodes that became ready through the last applied events; the engine takes and schedules them.</summary>
    public List<int> NewlyReady { get; } = [];

    public long Tokens { get; private set; }

    public decimal Cost { get; private set; }

    public int SubtaskRuns { get; private set; }

    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>For a replay or a fork: the original's answers, used instead of calling agents.</summary>
    public Replay.Recording? Recording { get; set; }

    /// <summary>For a fork: the nodes that run for real (the forked subtask and everything after it).</summary>
    public IReadOnlySet<int>? Live { get; set; }

    /// <summary>True when the node's answer comes from the recording rather than an agent.</summary>
    public bool Replays(int index) =>
        Recording is { } recording && (Live is null || (!Live.Contains(index) && recording.HasFinalOutcome(Graph.Nodes[index].Id)));

    public bool IsFinished => Status.IsFinished();

    public void Apply(CollaborationEvent e)
    {
        Sequence = Math.Max(Sequence, e.Sequence);
        var index = e.Subtask is null ? -1 : Graph.IndexOf(e.Subtask);
        var node = index >= 0 ? Nodes[index] : null;
        switch (e.Type)
        {
            case CollaborationEventTypes.SubtaskAwaitingApproval:
                node!.Status = SubtaskStatus.AwaitingApproval;
                break;
            case CollaborationEventTypes.SubtaskApproved:
                node!.Approved = true;
                node.Decision = (Text(e.Data, "by") ?? "unknown", Text(e.Data, "comment"));
                node.Status = SubtaskStatus.Ready;
                NewlyReady.Add(index);
                break;
            case CollaborationEventTypes.SubtaskRejected:
                node!.Error = $"Rejected by {Text(e.Data, "by")}{(Text(e.Data, "comment") is { Length: > 0 } comment ? $": {comment}" : ".")}";
                Finish(node, SubtaskStatus.Failed, e.At);
                break;
            case CollaborationEventTypes.SubtaskStarted:
                node!.Status = SubtaskStatus.Running;
                node.Attempts++;
                node.Agent = Text(e.Data, "agent");
                node.StartedAt = e.At;
                node.Error = null;
                SubtaskRuns++;
                break;
            case CollaborationEventTypes.SubtaskSucceeded:
                node!.Output = e.Data is { } ok && ok.TryGetProperty("output", out var output) ? output.Clone() : null;
                node.Artifacts = e.Data is { } withArtifacts && withArtifacts.TryGetProperty("artifacts", out var artifacts) && artifacts.ValueKind == JsonValueKind.Array
                    ? [.. artifacts.EnumerateArray().Select(a => a.GetString() ?? string.Empty)]
                    : [];
                AddUsage(e.Data);
                Finish(node, SubtaskStatus.Succeeded, e.At);
                foreach (var next in Graph.Dependents[index])
                {
                    if (--Nodes[next].PendingDependencies == 0 && Nodes[next].Status == SubtaskStatus.Pending)
                    {
                        Nodes[next].Status = SubtaskStatus.Ready;
                        NewlyReady.Add(next);
                    }
                }

                break;
            case CollaborationEventTypes.SubtaskFailed:
                node!.Error = Text(e.Data, "error");
                node.Failures++;
                node.Output = e.Data is { } failed && failed.TryGetProperty("output", out var partial) ? partial.Clone() : node.Output;
                AddUsage(e.Data);
                if (e.Data is { } data && data.TryGetProperty("final", out var final) && final.GetBoolean())
                {
                    Finish(node, SubtaskStatus.Failed, e.At);
                }
                else
                {
                    node.Status = SubtaskStatus.Retrying;
                    node.RetryAt = e.Data is { } retry && retry.TryGetProperty("retryAt", out var at) ? at.GetDateTimeOffset() : e.At;
                    node.FinishedAt = e.At;
                }

                break;
            case CollaborationEventTypes.SubtaskSkipped:
                node!.Error = Text(e.Data, "reason");
                Finish(node, SubtaskStatus.Skipped, e.At);
                break;
            case CollaborationEventTypes.SubtaskCancelled:
                Finish(node!, SubtaskStatus.Cancelled, e.At);
                break;
            case CollaborationEventTypes.CompensationTriggered:
                node!.Status = SubtaskStatus.Ready;
                node.Triggered = true;
                Unfinished++;
                NewlyReady.Add(index);
                break;
            case CollaborationEventTypes.Finished:
                Status = JsonSerializer.Deserialize<CollaborationStatus>(e.Data!.Value.GetProperty("status"), LightningJson.Options);
                Error = Text(e.Data, "error");
                Result = e.Data!.Value.TryGetProperty("result", out var result) && result.ValueKind != JsonValueKind.Null ? result.Clone() : null;
                FinishedAt = e.At;
                for (var i = 0; i < Nodes.Length; i++)
                {
                    var left = Nodes[i];
                    if (!left.Status.IsFinished() && (!Graph.CompensationOnly[i] || left.Triggered))
                    {
                        left.Status = left.Status == SubtaskStatus.Running ? SubtaskStatus.Cancelled : SubtaskStatus.Skipped;
                        left.FinishedAt ??= e.At;
                    }
                }

                NewlyReady.Clear();
                break;
        }
    }

    /// <summary>The outputs a node's input references can read: its dependencies' (and their ancestors') outputs and the task's inputs.</summary>
    public JsonNode? Lookup(string scope, string path)
    {
        var parts = path.Split('.');
        if (scope == "inputs")
        {
            return Submitted.Task.Inputs is { } inputs && inputs.TryGetValue(parts[0], out var value)
                ? InputReferences.Select(JsonSerializer.SerializeToNode(value), parts.Skip(1))
                : null;
        }

        var index = Graph.IndexOf(parts[0]);
        return index >= 0 && Nodes[index].Output is { } output ? InputReferences.Select(JsonSerializer.SerializeToNode(output), parts.Skip(1)) : null;
    }

    public CollaborationView ToView(DateTimeOffset now, bool includeOutputs = true)
    {
        int pending = 0, running = 0, awaiting = 0, succeeded = 0, failed = 0, skipped = 0, cancelled = 0, total = 0;
        var subtasks = new List<SubtaskView>(Nodes.Length);
        for (var i = 0; i < Nodes.Length; i++)
        {
            var node = Nodes[i];
            var spec = Graph.Nodes[i];
            if (!Graph.CompensationOnly[i] || node.Triggered)
            {
                total++;
                switch (node.Status)
                {
                    case SubtaskStatus.Running: running++; break;
                    case SubtaskStatus.AwaitingApproval: awaiting++; break;
                    case SubtaskStatus.Succeeded: succeeded++; break;
                    case SubtaskStatus.Failed: failed++; break;
                    case SubtaskStatus.Skipped: skipped++; break;
                    case SubtaskStatus.Cancelled: cancelled++; break;
                    default: pending++; break;
                }
            }

            subtasks.Add(new SubtaskView(spec.Id, spec.Title, spec.Tool, spec.Capability, spec.DependsOn ?? [], node.Status, node.Agent, node.Attempts,
                node.StartedAt, node.FinishedAt, node.StartedAt is { } s && node.FinishedAt is { } f && node.Status.IsFinished() ? (long)(f - s).TotalMilliseconds : null,
                node.Error, includeOutputs ? node.Output : null, node.Artifacts, Graph.CompensationOnly[i]));
        }

        var done = succeeded + failed + skipped + cancelled;
        var elapsed = ((FinishedAt ?? now) - CreatedAt).TotalSeconds;
        double? eta = IsFinished ? 0 : done == 0 ? null : elapsed / done * (total - done);
        var progress = new CollaborationProgress(total, pending, running, awaiting, succeeded, failed, skipped, cancelled,
            total == 0 ? 100 : Math.Round(100.0 * done / total, 1), eta is { } value ? Math.Round(value, 1) : null);
        return new CollaborationView(Id, Submitted.Title, Submitted.Description, Status, Submitted.Priority, Submitted.SubmittedBy, Submitted.Planner,
            CreatedAt, FinishedAt, progress, new BudgetUsage(Math.Round(elapsed, 3), Tokens, Cost, SubtaskRuns), Error, Result, subtasks, Submitted.Notes,
            Submitted.Origin, Sequence);
    }

    void Finish(NodeState node, SubtaskStatus status, DateTimeOffset at)
    {
        if (!node.Status.IsFinished())
        {
            Unfinished--;
        }

        node.Status = status;
        node.FinishedAt = at;
    }

    void AddUsage(JsonElement? data)
    {
        if (data is { } d && d.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            Tokens += usage.TryGetProperty("tokens", out var tokens) ? tokens.GetInt64() : 0;
            Cost += usage.TryGetProperty("cost", out var cost) ? cost.GetDecimal() : 0;
        }
    }

    static string? Text(JsonElement? data, string name) =>
        data is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

internal sealed class NodeState
{
    public SubtaskStatus Status { get; set; }

    public int PendingDependencies { get; set; }

    public int Attempts { get; set; }

    public int Failures { get; set; }

    public bool Approved { get; set; }

    /// <summary>Who approved the gate, and their comment: for an escalated vote, the comment names the winner.</summary>
    public (string By, string? Comment)? Decision { get; set; }

    public bool Triggered { get; set; }

    public string? Agent { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public DateTimeOffset? RetryAt { get; set; }

    public string? Error { get; set; }

    public JsonElement? Output { get; set; }

    public IReadOnlyList<string> Artifacts { get; set; } = [];

    /// <summary>Identifies the tool run in flight, so a late completion of a cancelled or superseded run is ignored.</summary>
    public long RunToken { get; set; }

    public CancellationTokenSource? RunCancellation { get; set; }

    /// <summary>Contract Net: a call for proposals is out and its answers are awaited.</summary>
    public bool Bidding { get; set; }

    /// <summary>Contract Net: the last round's proposals not yet tried, best first, and that round's conversation id.</summary>
    public List<Coordination.ContractNet.Proposal>? Proposals { get; set; }

    public string? BidConversation { get; set; }

    /// <summary>When it last became ready (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), for the ready-to-start latency.</summary>
    public long ReadyTimestamp { get; set; }
}
