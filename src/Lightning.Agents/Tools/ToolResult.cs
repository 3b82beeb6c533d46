using System.Text.Json;

namespace Lightning.Agents.Tools;

/// <summary>What a tool run produced. <see cref="Output"/> is JSON that later subtasks and aggregations read.</summary>
public sealed record ToolResult(
    bool Succeeded,
    JsonElement? Output,
    string? Error = null,
    ToolUsage? Usage = null,
    IReadOnlyList<string>? Artifacts = null,
    bool Retryable = true)
{
    public static ToolResult Success(JsonElement output, ToolUsage? usage = null, IReadOnlyList<string>? artifacts = null) =>
        new(true, output, null, usage, artifacts);

    public static ToolResult Failure(string error, JsonElement? output = null, bool retryable = true) =>
        new(false, output, error, null, null, retryable);
}
