using System.Text.Json;
using Lightning.Agents.Tools;
using Lightning.Collaboration.History;
using Lightning.Collaboration.Replay;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Errors;
using Lightning.Core.Ids;
using Lightning.Core.Serialization;

namespace Lightning.Collaboration.Execution;

// Replay and fork: a new collaboration whose agents' answers come from an earlier one's log.
public sealed partial class CollaborationEngine
{
    /// <summary>
    /// Re-executes a finished collaboration from its recording: the same plan runs through the same scheduling, failure
    /// policies and aggregations, but every agent's answer is read from the log instead of calling the agent or a model.
    /// </summary>
    public async Task<CollaborationView> ReplayAsync(string id, string by, CancellationToken cancellationToken)
    {
        var (original, recording) = await RecordedAsync(id, cancellationToken);
        var submitted = original.Submitted with
        {
            Title = Titled("Replay of", original.Submitted.Title),
            SubmittedBy = by,
            Planner = "replay",
            Notes = [$"Re-executes {id} from its recording: no agent or model is called."],
            Origin = new CollaborationOrigin("replay", id),
        };
        return await BeginAsync(submitted, ShapeGraph(original.Submitted), run => run.Recording = recording, cancellationToken);
    }

    /// <summary>
    /// Runs a finished collaboration again from <see cref="ForkRequest.Subtask"/>: what does not depend on that subtask is
    /// taken from the recording, and the subtask and everything after it run for real, with the agent or input changed.
    /// </summary>
    public async Task<CollaborationView> ForkAsync(string id, ForkRequest request, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (original, recording) = await RecordedAsync(id, cancellationToken);
        var plan = original.Submitted.Plan;
        var at = plan.Subtasks.FirstOrDefault(s => s.Id == request.Subtask)
            ?? throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["subtask"] = [$"Collaboration '{id}' has no subtask '{request.Subtask}'. Its subtasks: {string.Join(", ", plan.Subtasks.Select(s => s.Id))}."],
            });
        var changed = at with { Agent = request.Agent ?? at.Agent, Input = request.Input ?? at.Input };
        var forkedPlan = plan with { Subtasks = [.. plan.Subtasks.Select(s => s.Id == at.Id ? changed : s)] };

        // The changed subtask must be valid now: its agent must exist and the tool must accept the new input.
        var graph = TaskGraph.Build(forkedPlan, await CatalogAsync(cancellationToken), original.Submitted.Task.Inputs);
        var changes = new List<string>();
        if (request.Agent is { } agent)
        {
            changes.Add($"agent {agent}");
        }

        if (request.Input is not null)
        {
            changes.Add("a new input");
        }

        var submitted = original.Submitted with
        {
            Title = Titled("Fork of", original.Submitted.Title),
            SubmittedBy = by,
            Planner = "fork",
            Plan = forkedPlan,
            Notes = [$"Forks {id} at '{at.Id}'{(changes.Count > 0 ? $" with {string.Join(" and ", changes)}" : string.Empty)}: '{at.Id}' and what depends on it run for real, the rest comes from the recording."],
            Origin = new CollaborationOrigin("fork", id, at.Id, request.Agent, request.Input),
        };
        var live = LiveNodes(graph, at.Id);
        var forkId = LightningId.New("col");
        if (plan.Workspace == WorkspaceMode.Shared)
        {
            // The recorded subtasks are not run again, so their files would be missing: the fork starts from a copy of
            // the original's shared workspace (as the original left it), and never touches the original's.
            await Task.Run(() => WorkspaceCopy.Copy(_workspaces.SharedWorkspaceOf(original.Id).Root, _workspaces.SharedWorkspaceOf(forkId).Root), cancellationToken);
        }

        return await BeginAsync(submitted, graph, run =>
        {
            run.Recording = recording;
            run.Live = live;
        }, cancellationToken, forkId);
    }

    /// <summary>Compares two collaborations subtask by subtask, and their results byte for byte.</summary>
    public async Task<CollaborationDiff> DiffAsync(string left, string right, CancellationToken cancellationToken)
    {
        var a = await GetAsync(left, cancellationToken) ?? throw NotFound(left);
        var b = await GetAsync(right, cancellationToken) ?? throw NotFound(right);
        return CollaborationDiff.Compare(a, b);
    }

    async Task<(CollaborationRun Original, Recording Recording)> RecordedAsync(string id, CancellationToken cancellationToken)
    {
        var events = new List<CollaborationEvent>();
        var original = await LoadAsync(id, cancellationToken, events) ?? throw NotFound(id);
        if (original.Status is not (CollaborationStatus.Succeeded or CollaborationStatus.Failed))
        {
            throw new LightningException(ErrorKind.Conflict, "collaboration.not_replayable",
                original.IsFinished
                    ? $"Collaboration '{id}' ended {SqliteCollaborationEventStore.StatusName(original.Status)}, so it has no result to reproduce; its events can still be played back."
                    : $"Collaboration '{id}' is still running; replay and fork need a finished collaboration.");
        }

        return (original, Recording.From(id, events));
    }

    /// <summary>A replay or fork that a restart interrupted gets its recording back before it resumes.</summary>
    async Task AttachRecordingAsync(CollaborationRun run, CancellationToken cancellationToken)
    {
        if (run.Submitted.Origin is not { } origin)
        {
            return;
        }

        run.Recording = Recording.From(origin.CollaborationId, await ReadAllAsync(origin.CollaborationId, after: 0, cancellationToken).ToListAsync(cancellationToken));
        if (origin.Subtask is { } subtask)
        {
            run.Live = LiveNodes(run.Graph, subtask);
        }
    }

    static HashSet<int> LiveNodes(TaskGraph graph, string subtask)
    {
        var live = new HashSet<int>();
        var stack = new Stack<int>([graph.IndexOf(subtask)]);
        while (stack.TryPop(out var index))
        {
            if (live.Add(index))
            {
                foreach (var next in graph.Dependents[index])
                {
                    stack.Push(next);
                }
            }
        }

        return live;
    }

    static string Titled(string prefix, string title)
    {
        var text = $"{prefix} {title}";
        return text.Length <= 200 ? text : text[..197] + "...";
    }

    // ---- on the loop -------------------------------------------------------------------------------------------------

    /// <summary>Runs a node from the recording: approval gates are decided as they were, the agent's answer is read back.</summary>
    void ReplayNode(CollaborationRun run, int index, SubtaskSpec spec, Recording recording)
    {
        var node = run.Nodes[index];
        if (spec.RequiresApproval && !node.Approved)
        {
            Emit(run, CollaborationEventTypes.SubtaskAwaitingApproval, spec.Id, null);
            if (recording.Decision(spec.Id) is { } decision)
            {
                DecideAsRecorded(run, index, spec, decision);
            }

            return;
        }

        if (spec.Aggregate is { Strategy: not (AggregationStrategy.Reviewer or AggregationStrategy.Agent) } aggregate)
        {
            RunAggregation(run, index, aggregate);
            return;
        }

        if (recording.Outcome(spec.Id, node.Failures) is not { } outcome)
        {
            Fail(run, index, $"The recording of {recording.CollaborationId} has no answer for attempt {node.Failures + 1} of '{spec.Id}'.", null, retryable: false, agent: null);
            Schedule(run);
            CheckFinished(run);
            return;
        }

        Emit(run, CollaborationEventTypes.SubtaskStarted, spec.Id, new { agent = outcome.Agent, attempt = node.Attempts + 1, replayed = true });
        var token = ++_runTokens;
        node.RunToken = token;
        // Answered through the inbox, like a real completion: a long chain does not recurse.
        Post(() => CompleteReplayed(run, index, token, outcome));
    }

    /// <summary>An approval gate (or an escalated vote) decided as it was in the original, by the same person with the same comment.</summary>
    void DecideAsRecorded(CollaborationRun run, int index, SubtaskSpec spec, RecordedDecision decision)
    {
        Emit(run, decision.Approved ? CollaborationEventTypes.SubtaskApproved : CollaborationEventTypes.SubtaskRejected, spec.Id,
            new { by = decision.By, comment = decision.Comment, replayed = true });
        if (!decision.Approved)
        {
            OnFinalFailure(run, index);
        }

        Schedule(run);
        CheckFinished(run);
    }

    void CompleteReplayed(CollaborationRun run, int index, long token, RecordedOutcome outcome)
    {
        var node = run.Nodes[index];
        if (run.IsFinished || node.RunToken != token || node.Status != SubtaskStatus.Running)
        {
            return;
        }

        var spec = run.Graph.Nodes[index];
        if (outcome.Succeeded)
        {
            Emit(run, CollaborationEventTypes.SubtaskSucceeded, spec.Id, new
            {
                agent = outcome.Agent,
                output = outcome.Output,
                durationMs = outcome.DurationMs ?? 0,
                usage = outcome.Usage,
                artifacts = outcome.Artifacts,
            });
            _subtasksCompleted++;
        }
        else
        {
            var usage = outcome.Usage is { ValueKind: JsonValueKind.Object } recorded ? recorded.Deserialize<ToolUsage>(LightningJson.Options) : null;
            Fail(run, index, outcome.Error ?? "The tool failed.", outcome.Output, outcome.Retryable, outcome.Agent, usage);
        }

        Schedule(run);
        CheckFinished(run);
    }
}
