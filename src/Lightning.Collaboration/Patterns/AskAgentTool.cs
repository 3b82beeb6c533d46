using System.Text.Json;
using System.Text.Json.Nodes;
using Lightning.Agents.Registry;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Collaboration.Patterns;

/// <summary>
/// Peer-to-peer: <c>ask-agent {agent, tool, input, question?}</c>. The calling agent sends a <c>request</c> to another
/// agent, which runs the tool (through the <see cref="ISubtaskRunner"/>, so on whatever process hosts it) and answers
/// <c>inform</c> with the output or <c>failure</c> with the error; both messages go to the collaboration's log under one
/// conversation, and the answer is this tool's output. Refused, for good: an unknown or offline agent, one without the
/// tool's capability, asking oneself, a loop (an agent already waiting in the chain of asks) and chains deeper than
/// <see cref="MaxDepth"/>.
/// </summary>
public sealed class AskAgentTool(IServiceProvider services) : IAgentTool
{
    /// <summary>How many asks may nest (A asks B, which asks C, which asks D).</summary>
    public const int MaxDepth = 3;

    public string Name => "ask-agent";

    public string Description =>
        "Ask another agent to run a tool and answer (peer-to-peer, recorded as a request and its reply). Input: agent, tool, input, question (optional). Output: the tool's output.";

    public string? Capability => null;

    public IReadOnlyList<string> Validate(JsonElement input)
    {
        var errors = new List<string>();
        if (!ToolInput.IsObject(input, errors, Name))
        {
            return errors;
        }

        ToolInput.Text(input, "agent", errors, required: true);
        ToolInput.Text(input, "tool", errors, required: true);
        ToolInput.Text(input, "question", errors, required: false);
        ToolInput.StringList(input, "chain", errors, required: false);
        if (ToolInput.Number(input, "depth", errors) is < 0)
        {
            errors.Add("'depth' must be 0 or more.");
        }

        return errors;
    }

    public async Task<ToolResult> RunAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (PatternTools.Refuse(this, invocation, out var collaboration) is { } refused)
        {
            return refused;
        }

        var input = invocation.Input;
        var target = input.GetProperty("agent").GetString()!;
        var toolName = input.GetProperty("tool").GetString()!;
        var question = ToolInput.Text(input, "question", [], required: false);
        var depth = ToolInput.Number(input, "depth", []) ?? 0;
        var chain = ToolInput.StringList(input, "chain", [], required: false) ?? [];
        var toolInput = input.TryGetProperty("input", out var given) && given.ValueKind != JsonValueKind.Null ? given : JsonSerializer.SerializeToElement(new { });

        if (depth >= MaxDepth)
        {
            return Refuse($"ask-agent refused: asks nest at most {MaxDepth} deep ({string.Join(" → ", [.. chain, invocation.Agent, target])}).");
        }

        if (string.Equals(target, invocation.Agent, StringComparison.Ordinal))
        {
            return Refuse($"ask-agent refused: agent '{target}' cannot ask itself.");
        }

        if (chain.Contains(target, StringComparer.Ordinal))
        {
            return Refuse($"ask-agent refused: a loop ({string.Join(" → ", [.. chain, invocation.Agent, target])}); '{target}' is already waiting for an answer.");
        }

        var agent = await services.GetRequiredService<AgentRegistry>().FindAsync(target, cancellationToken);
        if (agent is null)
        {
            return Refuse($"ask-agent refused: no agent named '{target}'.");
        }

        if (agent.Status == AgentStatus.Offline)
        {
            return Refuse($"ask-agent refused: agent '{target}' is offline.");
        }

        var tool = services.GetRequiredService<ToolCatalog>().Find(toolName);
        if (tool is null)
        {
            return Refuse($"ask-agent refused: no tool named '{toolName}'.");
        }

        if (tool.Capability is { } capability && !agent.Capabilities.Contains(capability, StringComparer.Ordinal))
        {
            return Refuse($"ask-agent refused: agent '{target}' lacks capability '{capability}', which tool '{toolName}' needs.");
        }

        if (tool is AskAgentTool)
        {
            // A nested ask carries the chain, so loops and depth are seen however the agents pass the question on.
            var nested = JsonNode.Parse(toolInput.GetRawText()) as JsonObject ?? [];
            nested["depth"] = depth + 1;
            nested["chain"] = new JsonArray([.. chain.Append(invocation.Agent).Select(name => (JsonNode?)JsonValue.Create(name))]);
            toolInput = JsonSerializer.SerializeToElement(nested);
        }

        if (tool.Validate(toolInput) is { Count: > 0 } problems)
        {
            return Refuse($"ask-agent refused: the input for '{toolName}' is invalid: {string.Join(" ", problems)}");
        }

        // One conversation per asking subtask: a retry's request and reply thread with the first attempt's.
        var conversation = $"ask:{invocation.IdempotencyKey}";
        var requestId = $"{conversation}#{invocation.Attempt}";
        var log = services.GetRequiredService<IConversationLog>();
        await PatternTools.TryRecordAsync(log, collaboration, new ConversationMessage(conversation, "request", invocation.Agent, target, invocation.Subtask,
            Content: PatternTools.Element(new { id = requestId, tool = toolName, input = toolInput, question, depth })), cancellationToken);

        var call = new ToolCall(target, toolInput, $"{invocation.IdempotencyKey}>ask:{target}:{toolName}", invocation.Attempt,
            invocation.RequestedBy, invocation.Timeout, collaboration, invocation.Subtask);
        ToolResult result;
        try
        {
            result = await services.GetRequiredService<ISubtaskRunner>().RunAsync(tool, call, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The asked agent's crash is its failure reply, not the asker's crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = ToolResult.Failure($"The tool '{toolName}' crashed on '{target}': {ex.Message}");
        }

        var reply = result.Succeeded
            ? new ConversationMessage(conversation, "inform", target, invocation.Agent, invocation.Subtask, requestId, result.Output)
            : new ConversationMessage(conversation, "failure", target, invocation.Agent, invocation.Subtask, requestId,
                PatternTools.Element(new { error = result.Error, output = result.Output }));
        await PatternTools.TryRecordAsync(log, collaboration, reply, CancellationToken.None);
        return result.Succeeded
            ? result
            : result with { Error = $"'{target}' answered failure: {result.Error}" };
    }

    static ToolResult Refuse(string reason) => ToolResult.Failure(reason, retryable: false);
}
