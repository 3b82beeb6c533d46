namespace Lightning.Collaboration.Coordination.ContractNet;

/// <summary>
/// Orders proposals best first by <c>utility = confidence × (1 − load) / (1 + latency / 1 s) / (1 + cost)</c>:
/// a sure, idle, fast and cheap agent wins. Ties go to the name, so the award is deterministic.
/// </summary>
public static class ProposalRanking
{
    public static double Utility(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var confidence = Math.Clamp(proposal.Confidence, 0, 1);
        var idle = 1 - Math.Clamp(proposal.Load, 0, 1);
        return confidence * idle / (1 + (Math.Max(0, proposal.LatencyMs) / 1000)) / (1 + Math.Max(0, proposal.Cost));
    }

    public static IReadOnlyList<Proposal> Rank(IEnumerable<Proposal> proposals) =>
        [.. proposals.OrderByDescending(Utility).ThenBy(p => p.Agent, StringComparer.Ordinal)];
}
