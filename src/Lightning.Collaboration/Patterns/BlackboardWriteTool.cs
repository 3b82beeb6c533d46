using System.Text.Json;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Collaboration.Patterns;

/// <summary>
/// <c>blackboard-write {key, value, expectedVersion?}</c> → <c>{key, version}</c>. With <c>expectedVersion</c> it is a
/// compare-and-set (0: the key must not exist yet) that fails, for good, with "version conflict: expected N, found M"
/// when another writer got there first; without, a blind write. A repeated call with the same idempotency key (a retry,
/// a resume) returns the version the first call made. Each write is also a message (<c>inform</c> to
/// <c>blackboard</c>) in the collaboration's log.
/// </summary>
public sealed class BlackboardWriteTool(BlackboardStore store, IServiceProvider services) : IAgentTool
{
    /// <summary>The receiver of the messages that announce writes.</summary>
    public const string Receiver = "blackboard";

    public string Name => "blackboard-write";

    public string Description =>
        "Write a key of the collaboration's blackboard. Input: key, value (any JSON), expectedVersion (optional: compare-and-set, 0 = must not exist). Output: {key, version}.";

    public string? Capability => null;

    public IReadOnlyList<string> Validate(JsonElement input)
    {
        var errors = new List<string>();
        if (!ToolInput.IsObject(input, errors, Name))
        {
            return errors;
        }

        PatternTools.Key(input, errors, required: true);
        if (!input.TryGetProperty("value", out _))
        {
            errors.Add("'value' is required (any JSON; null clears the key's value).");
        }

        if (ToolInput.Number(input, "expectedVersion", errors) is < 0)
        {
            errors.Add("'expectedVersion' must be 0 or more.");
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
        var key = input.GetProperty("key").GetString()!;
        var value = input.GetProperty("value").Clone();
        long? expected = ToolInput.Number(input, "expectedVersion", []);
        var result = await store.WriteAsync(
            new BlackboardWrite(collaboration, key, value, expected, invocation.Agent, invocation.Subtask, invocation.IdempotencyKey), cancellationToken);
        if (result.Conflict)
        {
            return ToolResult.Failure($"version conflict: expected {expected}, found {result.Version}",
                PatternTools.Element(new { key, expectedVersion = expected, version = result.Version }), retryable: false);
        }

        if (!result.Announced)
        {
            // Recorded after the write, and marked, so a write whose message a crash lost announces it on the retry, once.
            var message = new ConversationMessage($"blackboard:{key}", "inform", invocation.Agent, Receiver, invocation.Subtask,
                Content: PatternTools.Element(new { key, version = result.Version, value, expectedVersion = expected }));
            if (await PatternTools.TryRecordAsync(services.GetRequiredService<IConversationLog>(), collaboration, message, cancellationToken))
            {
                await store.MarkAnnouncedAsync(collaboration, key, result.Version, CancellationToken.None);
            }
        }

        return ToolResult.Success(PatternTools.Element(new { key, version = result.Version }));
    }
}
