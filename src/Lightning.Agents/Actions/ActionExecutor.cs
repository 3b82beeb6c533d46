using System.Text;
using Lightning.Agents.Llm;
using Lightning.Agents.Registry;
using Lightning.Agents.Roles;
using Lightning.Agents.Ssh;
using Lightning.Core.Errors;
using Lightning.Core.Processes;
using Lightning.Core.Storage;
using Lightning.Core.Workspaces;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Lightning.Agents.Actions;

/// <summary>Does the work of one action for one agent: a process, a file operation, an SSH command or a model call.</summary>
public sealed class ActionExecutor(
    IProcessRunner processes,
    SshCommandRunner ssh,
    ChatModel model,
    IOptions<LightningOptions> platform,
    IOptions<AgentsOptions> options)
{
    /// <summary>The directory an in-process agent works in; nothing it does reaches outside.</summary>
    public Workspace WorkspaceOf(string agent) => new(platform.Value.DataPath("workspaces", agent));

    /// <summary>
    /// The directory a collaboration's subtasks share when its plan says <c>workspace: shared</c>: one checkout that
    /// every in-process agent of the collaboration works in. The id was checked by the action service.
    /// </summary>
    public Workspace SharedWorkspaceOf(string collaboration) => new(platform.Value.DataPath("workspaces", "collaborations", collaboration));

    /// <summary>Where a request runs: its collaboration's shared workspace when it names one, else the agent's own.</summary>
    public Workspace WorkspaceFor(string agent, ActionRequest request) =>
        request?.Collaboration is { } collaboration ? SharedWorkspaceOf(collaboration) : WorkspaceOf(agent);

    public async Task<ActionOutcome> ExecuteAsync(AgentEntity agent, ActionRequest request, Action<OutputChunk> onOutput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onOutput);
        var timeout = TimeSpan.FromSeconds(request.TimeoutSeconds ?? options.Value.DefaultTimeoutSeconds);
        switch (request.Kind)
        {
            case ActionKind.Command:
                return FromProcess(await RunCommandAsync(agent, request, timeout, onOutput, cancellationToken), timeout);
            case ActionKind.ReadFile:
                {
                    var text = await WorkspaceFiles.ReadTextAsync(WorkspaceFor(agent.Name, request), request.Path!, options.Value.MaxOutputBytes, cancellationToken);
                    onOutput(new OutputChunk(OutputStream.Stdout, text));
                    return new ActionOutcome(ActionStatus.Succeeded, 0, text, false, null);
                }

            case ActionKind.WriteFile:
                {
                    var written = await WorkspaceFiles.WriteTextAsync(WorkspaceFor(agent.Name, request), request.Path!, request.Content!, cancellationToken);
                    var message = $"Wrote {written} bytes to {request.Path}\n";
                    onOutput(new OutputChunk(OutputStream.Stdout, message));
                    return new ActionOutcome(ActionStatus.Succeeded, 0, message, false, null);
                }

            case ActionKind.ListFiles:
                {
                    var listing = new StringBuilder();
                    foreach (var entry in WorkspaceFiles.List(WorkspaceFor(agent.Name, request), request.Path ?? ".", request.Recursive))
                    {
                        listing.Append(entry.IsDirectory ? entry.Path + "/" : $"{entry.Path}\t{entry.Size}").Append('\n');
                    }

                    var text = listing.ToString();
                    onOutput(new OutputChunk(OutputStream.Stdout, text));
                    return new ActionOutcome(ActionStatus.Succeeded, 0, text, false, null);
                }

            case ActionKind.Prompt:
                return await PromptAsync(agent, request, timeout, onOutput, cancellationToken);
            default:
                throw new LightningException(ErrorKind.Invalid, "action.kind_unknown", $"Unknown action kind '{request.Kind}'.");
        }
    }

    async Task<ProcessResult> RunCommandAsync(AgentEntity agent, ActionRequest request, TimeSpan timeout, Action<OutputChunk> onOutput, CancellationToken cancellationToken)
    {
        var command = request.Command!;
        if (agent.Location == AgentLocation.Ssh)
        {
            var target = new SshTarget(agent.SshHost!, agent.SshPort ?? 22, agent.SshUser!, agent.SshPrivateKeyPath!);
            return await ssh.RunAsync(target, command, request.WorkingDirectory, TimeSpan.FromSeconds(options.Value.SshConnectTimeoutSeconds),
                timeout, options.Value.MaxOutputBytes, onOutput, cancellationToken);
        }

        var workspace = WorkspaceFor(agent.Name, request);
        var directory = string.IsNullOrEmpty(request.WorkingDirectory) ? workspace.Root : workspace.Resolve(request.WorkingDirectory);
        if (!Directory.Exists(directory))
        {
            throw new LightningException(ErrorKind.Invalid, "action.directory_missing", $"Working directory '{request.WorkingDirectory}' does not exist in the workspace.");
        }

        var spec = new ProcessSpec(command[0], command.Skip(1).ToList())
        {
            WorkingDirectory = directory,
            Timeout = timeout,
            MaxOutputBytes = options.Value.MaxOutputBytes,
            Environment = request.Environment,
        };
        return await processes.RunAsync(spec, onOutput, cancellationToken);
    }

    async Task<ActionOutcome> PromptAsync(AgentEntity agent, ActionRequest request, TimeSpan timeout, Action<OutputChunk> onOutput, CancellationToken cancellationToken)
    {
        var client = model.Client;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        List<ChatMessage> messages =
        [
            new(ChatRole.System, agent.SystemPrompt ?? AgentRoles.SystemPromptFor(agent.Role)),
            new(ChatRole.User, request.Prompt!),
        ];
        var answer = new StringBuilder();
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(messages, cancellationToken: deadline.Token))
            {
                if (!string.IsNullOrEmpty(update.Text))
                {
                    answer.Append(update.Text);
                    onOutput(new OutputChunk(OutputStream.Stdout, update.Text));
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ActionOutcome(ActionStatus.TimedOut, null, answer.ToString(), false, $"The model did not answer within {timeout.TotalSeconds:0} s.");
        }

        return new ActionOutcome(ActionStatus.Succeeded, 0, answer.ToString(), false, null);
    }

    ActionOutcome FromProcess(ProcessResult result, TimeSpan timeout) => result.Outcome switch
    {
        ProcessOutcome.Exited => new ActionOutcome(result.ExitCode == 0 ? ActionStatus.Succeeded : ActionStatus.Failed, result.ExitCode, result.Output, false,
            result.ExitCode == 0 ? null : $"The command exited with code {result.ExitCode}."),
        ProcessOutcome.TimedOut => new ActionOutcome(ActionStatus.TimedOut, null, result.Output, false,
            $"The command ran past its timeout of {timeout.TotalSeconds:0.#} s and was killed."),
        ProcessOutcome.OutputLimitExceeded => new ActionOutcome(ActionStatus.Failed, null, result.Output, true,
            $"The command wrote more than the {options.Value.MaxOutputBytes}-byte output limit and was killed."),
        _ => new ActionOutcome(ActionStatus.Cancelled, null, result.Output, false, "The action was cancelled."),
    };
}
