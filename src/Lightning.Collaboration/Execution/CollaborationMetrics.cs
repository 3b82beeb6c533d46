namespace Lightning.Collaboration.Execution;

/// <summary>Throughput, success rate and latency, overall and per agent, over the collaborations this server has seen.</summary>
public sealed record CollaborationMetrics(
    int Running, int Succeeded, int Failed, int Cancelled, int BudgetExhausted,
    long SubtasksCompleted, long SubtasksFailed, double SubtasksPerSecondLastMinute,
    IReadOnlyList<AgentMetrics> Agents);

public sealed record AgentMetrics(string Agent, long Runs, long Succeeded, long Failed, double SuccessRate, double MeanLatencyMs, double P95LatencyMs, int Running);

/// <summary>An agent's share in one collaboration.</summary>
public sealed record CollaborationAgentView(string Agent, int Subtasks, int Running, int Succeeded, int Failed, long TotalMs);
