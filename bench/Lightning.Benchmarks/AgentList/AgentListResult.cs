namespace Lightning.Benchmarks.AgentList;

internal sealed record AgentListResult(int Agents, int ResponseBytes, IReadOnlyList<LoadResult> Ours, IReadOnlyList<LoadResult> Wrk, string? WrkSkipped)
{
    /// <summary>Cores other processes on the machine kept busy during the measured runs, on average.</summary>
    public double ForeignCores { get; init; }
}
