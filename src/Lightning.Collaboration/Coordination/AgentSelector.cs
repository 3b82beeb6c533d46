namespace Lightning.Collaboration.Coordination;

/// <summary>
/// Capability matching and workload balancing. An agent matches when it is online and offers every required
/// capability. Among those with a free slot, the least loaded wins, weighted by how it has done:
/// <c>score = free share × (0.5 + 0.5 × success rate) × 1 / (1 + latency / 1 s) × specialisation</c>, where
/// specialisation (1 + 1 / capabilities offered, over 2) prefers an agent whose role is about the work over a generalist.
/// Ties go to the name, so the choice is deterministic.
/// </summary>
public static class AgentSelector
{
    public static bool Matches(AgentCandidate agent, IReadOnlyCollection<string> required)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(required);
        return agent.Online && required.All(agent.Capabilities.Contains);
    }

    public static double Score(AgentCandidate agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var free = Math.Max(0, agent.MaxConcurrency - agent.InFlight) / (double)Math.Max(1, agent.MaxConcurrency);
        var reliability = 0.5 + (0.5 * agent.Stats.SuccessRate);
        var speed = 1 / (1 + (agent.Stats.LatencyMs / 1000));
        var specialisation = (1 + (1.0 / Math.Max(1, agent.Capabilities.Count))) / 2;
        return free * reliability * speed * specialisation;
    }

    /// <summary>The best matching agent with a free slot, or null when every match is busy (or none matches).</summary>
    public static AgentCandidate? Select(IEnumerable<AgentCandidate> agents, IReadOnlyCollection<string> required, string? named)
    {
        ArgumentNullException.ThrowIfNull(agents);
        AgentCandidate? best = null;
        var bestScore = double.MinValue;
        foreach (var agent in agents)
        {
            if ((named is not null && !string.Equals(agent.Name, named, StringComparison.Ordinal)) || !Matches(agent, required) || agent.InFlight >= agent.MaxConcurrency)
            {
                continue;
            }

            var score = Score(agent);
            if (score > bestScore || (score.Equals(bestScore) && string.CompareOrdinal(agent.Name, best!.Name) < 0))
            {
                best = agent;
                bestScore = score;
            }
        }

        return best;
    }
}
