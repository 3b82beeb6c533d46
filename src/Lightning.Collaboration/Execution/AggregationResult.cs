using System.Text.Json;

namespace Lightning.Collaboration.Execution;

/// <summary>What an aggregation node produced: its output, or why it failed.</summary>
public sealed record AggregationResult(bool Succeeded, JsonElement? Output, string? Error)
{
    public static AggregationResult Success(JsonElement output) => new(true, output, null);

    public static AggregationResult Failure(string error) => new(false, null, error);
}
