using System.Text.Json;
using System.Text.Json.Nodes;
using Lightning.Agents.Actions;
using Lightning.Agents.Registry;
using Lightning.Core.Errors;

namespace Lightning.Agents.Tools;

/// <summary>
/// The built-in tools that need no model or module of their own: run a command, read, write or list files, ask the
/// agent's model. Each run is an ordinary action, so it is recorded, confined to the agent's workspace (or runs on its
/// SSH host), streamed, and shows in the Actions history.
/// </summary>
public sealed class ActionTool(ActionKind kind, ActionService actions) : IAgentTool
{
    /// <summary>The variable a command sees its idempotency key in, so a script can make a repeated run harmless.</summary>
    public const string IdempotencyKeyVariable = "LIGHTNING_IDEMPOTENCY_KEY";

    public string Name { get; } = JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    public string Description => kind switch
    {
        ActionKind.Command => "Run a program with an argument list in the agent's workspace (or on its SSH host). Input: command (list), workingDirectory, timeoutSeconds, environment.",
        ActionKind.ReadFile => "Read a text file from the agent's workspace. Input: path.",
        ActionKind.WriteFile => "Write a text file in the agent's workspace, atomically. Input: path, content.",
        ActionKind.ListFiles => "List a directory of the agent's workspace. Input: path, recursive.",
        _ => "Ask the agent's model, answering in its role. Input: prompt.",
    };

    public string? Capability => kind switch
    {
        ActionKind.Command => Capabilities.Command,
        ActionKind.Prompt => Capabilities.Llm,
        _ => Capabilities.Files,
    };

    public IReadOnlyList<string> Validate(JsonElement input)
    {
        var errors = new List<string>();
        if (!ToolInput.IsObject(input, errors, Name))
        {
            return errors;
        }

        switch (kind)
        {
            case ActionKind.Command:
                var command = ToolInput.StringList(input, "command", errors, required: true);
                if (command is { Count: 0 })
                {
                    errors.Add("'command' needs at least the program, for example [\"git\", \"status\"].");
                }

                ToolInput.Text(input, "workingDirectory", errors, required: false);
                ToolInput.Number(input, "timeoutSeconds", errors);
                ToolInput.StringMap(input, "environment", errors);
                break;
            case ActionKind.ReadFile:
                ToolInput.Text(input, "path", errors, required: true);
                break;
            case ActionKind.WriteFile:
                ToolInput.Text(input, "path", errors, required: true);
                ToolInput.Text(input, "content", errors, required: true);
                break;
            case ActionKind.ListFiles:
                ToolInput.Text(input, "path", errors, required: false);
                ToolInput.Bool(input, "recursive", errors);
                break;
            case ActionKind.Prompt:
                ToolInput.Text(input, "prompt", errors, required: true);
                break;
        }

        return errors;
    }

    public async Task<ToolResult> RunAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var errors = new List<string>();
        var input = invocation.Input;
        var environment = ToolInput.StringMap(input, "environment", errors) ?? new Dictionary<string, string>(StringComparer.Ordinal);
        environment[IdempotencyKeyVariable] = invocation.IdempotencyKey;
        var request = new ActionRequest(
            invocation.Agent,
            kind,
            Command: ToolInput.StringList(input, "command", errors, required: false),
            Path: ToolInput.Text(input, "path", errors, required: false),
            Content: ToolInput.Text(input, "content", errors, required: false),
            Recursive: ToolInput.Bool(input, "recursive", errors),
            Prompt: ToolInput.Text(input, "prompt", errors, required: false),
            WorkingDirectory: ToolInput.Text(input, "workingDirectory", errors, required: false),
            TimeoutSeconds: ToolInput.Number(input, "timeoutSeconds", errors) ?? (invocation.Timeout is { } timeout ? (int)Math.Ceiling(timeout.TotalSeconds) : null),
            Environment: kind == ActionKind.Command ? environment : null,
            Collaboration: invocation.SharedWorkspace ? invocation.Collaboration : null);
        if (errors.Count > 0)
        {
            return ToolResult.Failure(string.Join(" ", errors), retryable: false);
        }

        ActionView started;
        try
        {
            started = await actions.SubmitAsync(request, invocation.RequestedBy, cancellationToken);
        }
        catch (LightningException ex)
        {
            return ToolResult.Failure(ex.Message, retryable: ex.Kind != ErrorKind.Invalid);
        }

        try
        {
            await actions.WaitAsync(started.Id, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CancelQuietlyAsync(started.Id);
            throw;
        }

        var view = await actions.GetAsync(started.Id, CancellationToken.None) ?? started;
        var output = await actions.GetOutputAsync(started.Id, CancellationToken.None);
        var result = new JsonObject
        {
            ["actionId"] = view.Id,
            ["status"] = JsonNamingPolicy.KebabCaseLower.ConvertName(view.Status.ToString()),
            ["exitCode"] = view.ExitCode,
            ["output"] = output?.Output ?? string.Empty,
            ["truncated"] = view.OutputTruncated,
        };
        var json = JsonSerializer.SerializeToElement(result);
        return view.Status == ActionStatus.Succeeded
            ? ToolResult.Success(json, artifacts: [$"action:{view.Id}"])
            : new ToolResult(false, json, view.Error ?? $"The action ended {result["status"]}.", Artifacts: [$"action:{view.Id}"]);
    }

    async Task CancelQuietlyAsync(string id)
    {
        try
        {
            await actions.CancelAsync(id, CancellationToken.None);
        }
        catch (LightningException)
        {
            // It finished meanwhile: nothing left to stop.
        }
    }
}
