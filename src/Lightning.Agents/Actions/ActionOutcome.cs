namespace Lightning.Agents.Actions;

/// <summary>How an action's execution ended, before it is recorded.</summary>
public sealed record ActionOutcome(ActionStatus Status, int? ExitCode, string Output, bool OutputTruncated, string? Error);
