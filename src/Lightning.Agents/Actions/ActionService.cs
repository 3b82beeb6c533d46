using System.Collections.Concurrent;
using System.Text.Json;
using Lightning.Agents.Persistence;
using Lightning.Agents.Registry;
using Lightning.Core.Diagnostics;
using Lightning.Core.Errors;
using Lightning.Core.Ids;
using Lightning.Core.Processes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Agents.Actions;

/// <summary>
/// Submits actions to agents, runs them in the background within each agent's concurrency, streams their output
/// live and records every one: who asked, what, when, how it ended, and its output.
/// </summary>
public sealed partial class ActionService(
    IDbContextFactory<AgentsDbContext> contexts,
    AgentRegistry registry,
    AgentActivity activity,
    ActionExecutor executor,
    ActionLiveStreams streams,
    TimeProvider timeProvider,
    IOptions<AgentsOptions> options,
    ILogger<ActionService> logger) : IAsyncDisposable
{
    static readonly System.Diagnostics.Metrics.Counter<long> ActionsFinished =
        LightningTelemetry.Meter.CreateCounter<long>("lightning.actions.finished", description: "Actions finished, by kind and status");

    readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);
    readonly CancellationTokenSource _shutdown = new();

    public async Task<ActionView> SubmitAsync(ActionRequest request, string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var agent = await registry.FindEntityAsync(request.Agent!, cancellationToken) ?? throw AgentRegistry.NotFound(request.Agent!);
        CheckAgentCanDo(agent, request);
        CheckPaths(agent, request);

        var entity = new ActionEntity
        {
            Id = LightningId.New("act"),
            Agent = agent.Name,
            Kind = request.Kind!.Value,
            Summary = Summarise(request),
            // File contents can be large and environment values can be secrets: the record keeps only their shape.
            RequestJson = JsonSerializer.Serialize(request with
            {
                Content = request.Content is null ? null : $"({request.Content.Length} characters)",
                Environment = request.Environment?.ToDictionary(pair => pair.Key, _ => "(redacted)", StringComparer.Ordinal),
            }),
            RequestedBy = requestedBy,
            Status = ActionStatus.Queued,
            CreatedAt = timeProvider.GetUtcNow(),
        };
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            context.Actions.Add(entity);
            await context.SaveChangesAsync(cancellationToken);
        }

        streams.Open(entity.Id);
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        var running = new Running(cancel, ActionView.From(entity));
        _running[entity.Id] = running;
        running.Task = Task.Run(() => RunAsync(entity, agent, request, cancel.Token), CancellationToken.None);
        return ActionView.From(entity);
    }

    public async Task<ActionView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        // While an action runs, memory is ahead of the database (its "running" commit is not awaited).
        if (_running.TryGetValue(id, out var running))
        {
            return running.View;
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await context.Actions.AsNoTracking().FirstOrDefaultAsync(action => action.Id == id, cancellationToken);
        return entity is null ? null : ActionView.From(entity);
    }

    public async Task<ActionOutput?> GetOutputAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await context.Actions.AsNoTracking().FirstOrDefaultAsync(action => action.Id == id, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        var live = entity.Status.IsFinished() ? null : streams.OutputSoFar(id);
        if (live is not null)
        {
            var status = _running.TryGetValue(id, out var running) ? running.View.Status : entity.Status;
            return new ActionOutput(entity.Id, status, live.Output, entity.OutputTruncated, live.Segments);
        }

        return new ActionOutput(entity.Id, entity.Status, entity.Output, entity.OutputTruncated, OutputRuns.Split(entity.Output, entity.OutputStreams));
    }

    public async Task<ActionPage> ListAsync(ActionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, 500);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var actions = context.Actions.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Agent))
        {
            actions = actions.Where(action => action.Agent == query.Agent);
        }

        if (query.Status is { } status)
        {
            actions = actions.Where(action => action.Status == status);
        }

        if (!string.IsNullOrEmpty(query.Before))
        {
            // Ids are time-ordered, so the id of the last item is the cursor.
            actions = actions.Where(action => string.Compare(action.Id, query.Before) < 0);
        }

        var page = await actions.OrderByDescending(action => action.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var items = page.Take(limit).Select(ActionView.From).ToList();
        return new ActionPage(items, page.Count > limit ? items[^1].Id : null);
    }

    /// <summary>Cancels a queued or running action; the record says it was cancelled once the process is gone.</summary>
    public async Task<ActionView> CancelAsync(string id, CancellationToken cancellationToken)
    {
        var view = await GetAsync(id, cancellationToken) ?? throw NotFound(id);
        if (view.Status.IsFinished() || !_running.TryGetValue(id, out var running))
        {
            throw new LightningException(ErrorKind.Conflict, "action.finished", $"Action '{id}' has already finished ({System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(view.Status.ToString())}).");
        }

        await running.Cancel.CancelAsync();
        if (running.Task is { } task)
        {
            await task.WaitAsync(cancellationToken);
        }

        return await GetAsync(id, cancellationToken) ?? throw NotFound(id);
    }

    /// <summary>Waits until the action has finished and been recorded (or the token fires).</summary>
    public async Task WaitAsync(string id, CancellationToken cancellationToken)
    {
        if (_running.TryGetValue(id, out var running) && running.Task is { } task)
        {
            await task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Actions that a previous server left queued or running (it stopped or crashed) are marked failed at start,
    /// so history never shows work as running that nobody runs.
    /// </summary>
    public async Task<int> RecoverInterruptedAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var stale = await context.Actions
            .Where(action => action.Status == ActionStatus.Queued || action.Status == ActionStatus.Running)
            .ToListAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        foreach (var action in stale)
        {
            action.Status = ActionStatus.Failed;
            action.Error = "The server stopped while this action was in progress.";
            action.FinishedAt = now;
        }

        await context.SaveChangesAsync(cancellationToken);
        return stale.Count;
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        var tasks = _running.Values.Select(r => r.Task).OfType<Task>().ToArray();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        _shutdown.Dispose();
    }

    async Task RunAsync(ActionEntity entity, AgentEntity agent, ActionRequest request, CancellationToken cancellationToken)
    {
        using var span = LightningTelemetry.ActivitySource.StartActivity($"action {entity.Kind}");
        span?.SetTag("lightning.action.id", entity.Id);
        span?.SetTag("lightning.agent", agent.Name);
        ActionOutcome outcome;
        var runs = new OutputRuns();
        var markedRunning = Task.CompletedTask;
        DateTimeOffset finishedAt;
        IDisposable? slot = null;
        try
        {
            slot = await activity.AcquireAsync(agent.Name, agent.MaxConcurrency, cancellationToken);
            entity.Status = ActionStatus.Running;
            entity.StartedAt = timeProvider.GetUtcNow();
            // The process need not wait for this commit; the final write waits for it, so the two never cross.
            markedRunning = MarkRunningAsync(entity.Id, entity.StartedAt.Value);
            var view = ActionView.From(entity);
            SetView(entity.Id, view);
            streams.Publish(entity.Id, new ActionEvent(ActionEvent.Status, entity.StartedAt.Value, view));
            Log.ActionStarted(logger, entity.Id, entity.Kind, agent.Name);
            outcome = await executor.ExecuteAsync(agent, request, chunk =>
            {
                runs.Add(chunk);
                streams.Publish(entity.Id, new ActionEvent(ActionEvent.Output, timeProvider.GetUtcNow(),
                    new ActionOutputData(chunk.Stream == OutputStream.Stdout ? "stdout" : "stderr", chunk.Text)));
            }, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = new ActionOutcome(ActionStatus.Cancelled, null, streams.OutputSoFar(entity.Id)?.Output ?? string.Empty, false, "The action was cancelled.");
        }
        catch (LightningException ex)
        {
            outcome = new ActionOutcome(ActionStatus.Failed, null, streams.OutputSoFar(entity.Id)?.Output ?? string.Empty, false, ex.Message);
        }
#pragma warning disable CA1031 // Whatever goes wrong, the action is recorded as failed rather than left running.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ActionCrashed(logger, ex, entity.Id);
            outcome = new ActionOutcome(ActionStatus.Failed, null, streams.OutputSoFar(entity.Id)?.Output ?? string.Empty, false, $"Internal error: {ex.Message}");
        }
        finally
        {
            // The action ends when its work ends, before the next one waiting for the slot may start.
            finishedAt = timeProvider.GetUtcNow();
            slot?.Dispose();
        }

        entity.Status = outcome.Status;
        entity.ExitCode = outcome.ExitCode;
        entity.Error = outcome.Error;
        entity.Output = outcome.Output;
        entity.OutputTruncated = outcome.OutputTruncated;
        entity.OutputStreams = runs.Encode();
        entity.FinishedAt = finishedAt;
        entity.DurationMs = entity.StartedAt is { } started ? (long)(finishedAt - started).TotalMilliseconds : 0;
        await markedRunning;
        await UpdateAsync(entity, CancellationToken.None);
        ActionsFinished.Add(1, new("kind", entity.Kind.ToString()), new("status", entity.Status.ToString()));
        span?.SetTag("lightning.action.status", entity.Status.ToString());
        span?.SetStatus(entity.Status == ActionStatus.Succeeded ? System.Diagnostics.ActivityStatusCode.Ok : System.Diagnostics.ActivityStatusCode.Error, entity.Error);
        Log.ActionFinished(logger, entity.Id, entity.Status, entity.ExitCode, entity.DurationMs ?? 0);
        var finished = ActionView.From(entity);
        SetView(entity.Id, finished);
        streams.Complete(entity.Id, new ActionEvent(ActionEvent.Finished, finishedAt, finished));
        _running.TryRemove(entity.Id, out var running);
        running?.Cancel.Dispose();
    }

    async Task MarkRunningAsync(string id, DateTimeOffset startedAt)
    {
        await using var context = await contexts.CreateDbContextAsync(CancellationToken.None);
        await context.Actions.Where(action => action.Id == id)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, ActionStatus.Running).SetProperty(a => a.StartedAt, startedAt), CancellationToken.None);
    }

    async Task UpdateAsync(ActionEntity entity, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.Actions.Update(entity);
        await context.SaveChangesAsync(cancellationToken);
    }

    void Validate(ActionRequest request)
    {
        var validator = new Validator();
        validator.Require(!string.IsNullOrWhiteSpace(request.Agent), "agent", "Agent is required.");
        validator.Require(request.Kind is not null, "kind", "Kind is required: command, read-file, write-file, list-files or prompt.");
        var maxTimeout = options.Value.MaxTimeoutSeconds;
        validator.Require(request.TimeoutSeconds is null || (request.TimeoutSeconds >= 1 && request.TimeoutSeconds <= maxTimeout), "timeoutSeconds",
            $"Timeout must be between 1 and {maxTimeout} seconds.");
        switch (request.Kind)
        {
            case ActionKind.Command:
                validator.Require(request.Command is { Count: > 0 } && !string.IsNullOrWhiteSpace(request.Command[0]), "command",
                    "Command is required: a list whose first item is the program, for example [\"git\", \"status\"].");
                validator.Require(request.Command is null || request.Command.All(argument => !argument.Contains('\0', StringComparison.Ordinal)), "command",
                    "Command arguments cannot contain NUL characters.");
                validator.Require(request.Environment is null || request.Environment.Keys.All(key => key.Length > 0 && !key.Contains('=', StringComparison.Ordinal)),
                    "environment", "Environment variable names cannot be empty or contain '='.");
                break;
            case ActionKind.ReadFile or ActionKind.WriteFile:
                validator.Require(!string.IsNullOrWhiteSpace(request.Path), "path", "Path is required (relative to the agent's workspace).");
                validator.Require(request.Kind != ActionKind.WriteFile || request.Content is not null, "content", "Content is required to write a file.");
                break;
            case ActionKind.Prompt:
                validator.Require(!string.IsNullOrWhiteSpace(request.Prompt), "prompt", "Prompt is required.");
                break;
        }

        validator.ThrowIfInvalid();
    }

    static void CheckAgentCanDo(AgentEntity agent, ActionRequest request)
    {
        var needed = request.Kind switch
        {
            ActionKind.Command => Capabilities.Command,
            ActionKind.Prompt => Capabilities.Llm,
            _ => Capabilities.Files,
        };
        if (!agent.Capabilities.Contains(needed, StringComparer.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "agent.capability_missing",
                $"Agent '{agent.Name}' does not have the '{needed}' capability that a {request.Kind} action needs.");
        }

        if (agent.Location == AgentLocation.Worker)
        {
            throw new LightningException(ErrorKind.Invalid, "agent.worker",
                $"Agent '{agent.Name}' is a worker process: it runs collaboration subtasks it takes from the message bus, not actions of this server.");
        }

        if (agent.Location == AgentLocation.Ssh && request.Kind is ActionKind.ReadFile or ActionKind.WriteFile or ActionKind.ListFiles)
        {
            throw new LightningException(ErrorKind.Invalid, "agent.files_remote",
                $"Agent '{agent.Name}' runs over SSH; file actions work on in-process agents. Use a command action on the remote host instead.");
        }
    }

    /// <summary>Paths are checked before anything is recorded: a path leading out of the workspace is refused outright.</summary>
    void CheckPaths(AgentEntity agent, ActionRequest request)
    {
        if (request.Collaboration is { } collaboration)
        {
            // A name, not a path: the server places the directory, so no request can point it elsewhere.
            if (!SharedWorkspaceName().IsMatch(collaboration))
            {
                throw new LightningException(ErrorKind.Invalid, "workspace.collaboration_invalid",
                    $"'{collaboration}' is not a collaboration id (col_ followed by letters and digits).");
            }

            if (agent.Location != AgentLocation.InProcess)
            {
                throw new LightningException(ErrorKind.Invalid, "workspace.shared_remote",
                    $"Agent '{agent.Name}' does not run on the server, so it cannot work in collaboration {collaboration}'s shared workspace.");
            }
        }

        if (agent.Location == AgentLocation.Ssh)
        {
            if (request.WorkingDirectory is { } remote && (remote.StartsWith('/') || remote.Split('/').Contains("..", StringComparer.Ordinal)))
            {
                throw new LightningException(ErrorKind.Invalid, "workspace.path_rejected",
                    $"Path '{remote}' is rejected: a remote working directory must be relative to the login directory, without '..'.");
            }

            return;
        }

        var workspace = executor.WorkspaceFor(agent.Name, request);
        if (request.Kind is ActionKind.ReadFile or ActionKind.WriteFile || (request.Kind == ActionKind.ListFiles && !string.IsNullOrEmpty(request.Path) && request.Path != "."))
        {
            workspace.Resolve(request.Path!);
        }

        if (!string.IsNullOrEmpty(request.WorkingDirectory))
        {
            workspace.Resolve(request.WorkingDirectory);
        }
    }

    static string Summarise(ActionRequest request)
    {
        var summary = request.Kind switch
        {
            ActionKind.Command => string.Join(' ', request.Command!.Select(argument => argument.Contains(' ', StringComparison.Ordinal) ? $"\"{argument}\"" : argument)),
            ActionKind.Prompt => request.Prompt!,
            _ => request.Path ?? ".",
        };
        return summary.Length > 500 ? summary[..497] + "..." : summary;
    }

    static LightningException NotFound(string id) => new(ErrorKind.NotFound, "action.not_found", $"No action with id '{id}'.");

    void SetView(string id, ActionView view)
    {
        if (_running.TryGetValue(id, out var running))
        {
            running.View = view;
        }
    }

    sealed class Running(CancellationTokenSource cancel, ActionView view)
    {
        public CancellationTokenSource Cancel { get; } = cancel;

        /// <summary>The action as it is now; replaced whole at each change, so readers never see half an update.</summary>
        public ActionView View { get; set; } = view;

        public Task? Task { get; set; }
    }

    static partial class Log
    {
        [LoggerMessage(EventId = LightningEventId.ActionStarted, Level = LogLevel.Information, Message = "Action {ActionId} ({Kind}) started on agent {Agent}")]
        public static partial void ActionStarted(ILogger logger, string actionId, ActionKind kind, string agent);

        [LoggerMessage(EventId = LightningEventId.ActionFinished, Level = LogLevel.Information,
            Message = "Action {ActionId} finished: {Status}, exit code {ExitCode}, {DurationMs} ms")]
        public static partial void ActionFinished(ILogger logger, string actionId, ActionStatus status, int? exitCode, long durationMs);

        [LoggerMessage(EventId = LightningEventId.ActionFailed, Level = LogLevel.Error, Message = "Action {ActionId} failed unexpectedly")]
        public static partial void ActionCrashed(ILogger logger, Exception exception, string actionId);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^col_[0-9a-z]{1,64}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SharedWorkspaceName();
}
