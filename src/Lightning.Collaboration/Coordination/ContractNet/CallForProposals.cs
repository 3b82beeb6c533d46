using System.Text.Json;

namespace Lightning.Collaboration.Coordination.ContractNet;

/// <summary>What the coordinator asks agents to bid on: one subtask's tool and input, answered before <see cref="Deadline"/>.</summary>
public sealed record CallForProposals(string Collaboration, string Subtask, string Tool, JsonElement Input, IReadOnlyCollection<string> Required, DateTimeOffset Deadline);

/// <summary>An agent as a bidder sees it when the call goes out (a copy: the engine's own state stays on its loop).</summary>
public sealed record BidderAgent(string Name, IReadOnlySet<string> Capabilities, bool Online, int InFlight, int MaxConcurrency,
    double SuccessRate, double LatencyMs, double CostPerRun, long Runs)
{
    public static BidderAgent Of(AgentCandidate agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return new BidderAgent(agent.Name, agent.Capabilities, agent.Online, agent.InFlight, agent.MaxConcurrency,
            agent.Stats.SuccessRate, agent.Stats.LatencyMs, agent.Stats.CostPerRun, agent.Stats.Runs);
    }
}

/// <summary>An agent's offer: what the work would cost, how long it would take, how loaded the agent is (0–1) and how sure it is (0–1).</summary>
public sealed record Proposal(string Agent, double Cost, double LatencyMs, double Load, double Confidence);

/// <summary>An agent's answer to a call: a proposal, or a refusal with the reason.</summary>
public sealed record Bid(string Agent, Proposal? Proposal, string? Refusal)
{
    public static Bid Propose(Proposal proposal) => new(proposal?.Agent ?? throw new ArgumentNullException(nameof(proposal)), proposal, null);

    public static Bid Refuse(string agent, string reason) => new(agent, null, reason);
}
