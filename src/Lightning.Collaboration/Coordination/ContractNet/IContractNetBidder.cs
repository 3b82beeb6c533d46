namespace Lightning.Collaboration.Coordination.ContractNet;

/// <summary>
/// Answers calls for proposals on behalf of agents. The default, <see cref="StatsBidder"/>, bids from what the agent
/// has shown (load, success rate, latency, cost per run); register another to let agents estimate for themselves (an
/// LLM agent pricing a prompt, a worker asked over the bus). A tool (<see cref="Lightning.Agents.Tools.IAgentTool"/>) that
/// also implements this interface bids for the agents that would run it. An answer after the deadline is ignored.
/// </summary>
public interface IContractNetBidder
{
    Task<Bid> BidAsync(CallForProposals proposals, BidderAgent agent, CancellationToken cancellationToken);
}
