namespace Lightning.Collaboration.Coordination.ContractNet;

/// <summary>
/// Bids from the agent's record: refuses when offline or with no free slot; otherwise proposes its recent cost per run,
/// its recent latency, its load (subtasks in flight over its limit) and, as confidence, its recent success rate.
/// </summary>
public sealed class StatsBidder : IContractNetBidder
{
    public Task<Bid> BidAsync(CallForProposals proposals, BidderAgent agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!agent.Online)
        {
            return Task.FromResult(Bid.Refuse(agent.Name, "offline"));
        }

        if (agent.InFlight >= agent.MaxConcurrency)
        {
            return Task.FromResult(Bid.Refuse(agent.Name, $"busy: {agent.InFlight} of {agent.MaxConcurrency} slots taken"));
        }

        var load = agent.InFlight / (double)Math.Max(1, agent.MaxConcurrency);
        return Task.FromResult(Bid.Propose(new Proposal(agent.Name, Math.Round(agent.CostPerRun, 6), Math.Round(agent.LatencyMs, 2), Math.Round(load, 4),
            Math.Round(agent.SuccessRate, 4))));
    }
}
