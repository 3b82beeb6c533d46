namespace Lightning.Collaboration.Tasks;

/// <summary>Limits after which no new subtask starts: wall time, model tokens, money, and subtask runs (retries count).</summary>
public sealed record TaskBudget(int? MaxDurationSeconds = null, long? MaxTokens = null, decimal? MaxCost = null, int? MaxSubtaskRuns = null);
