namespace Lightning.Agents.Tools;

/// <summary>What a run consumed that budgets count: model tokens and money (in the configured currency).</summary>
public sealed record ToolUsage(long Tokens, decimal Cost);
