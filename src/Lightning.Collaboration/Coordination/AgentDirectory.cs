using Lightning.Agents.Registry;

namespace Lightning.Collaboration.Coordination;

/// <summary>
/// The engine's view of the agents: the registry's list (refreshed every second, with availability from heartbeats)
/// plus what only the engine knows, the subtasks each agent runs now and how each has done. Not thread-safe: the
/// engine's loop owns it.
/// </summary>
public sealed class AgentDirectory
{
    readonly Dictionary<string, AgentCandidate> _agents = new(StringComparer.Ordinal);

    public IReadOnlyCollection<AgentCandidate> All => _agents.Values;

    public AgentCandidate? Find(string name) => _agents.GetValueOrDefault(name);

    /// <summary>Takes the registry's current list: new agents appear, removed ones go (their running work finishes), status and limits update.</summary>
    public void Refresh(IReadOnlyList<AgentView> agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var view in agents)
        {
            seen.Add(view.Name);
            var capabilities = new HashSet<string>(view.Capabilities, StringComparer.Ordinal);
            if (!_agents.TryGetValue(view.Name, out var candidate))
            {
                _agents[view.Name] = candidate = new AgentCandidate(view.Name, capabilities, view.MaxConcurrency);
            }

            candidate.Capabilities = capabilities;
            candidate.MaxConcurrency = view.MaxConcurrency;
            candidate.Online = view.Status != AgentStatus.Offline;
        }

        foreach (var gone in _agents.Keys.Where(name => !seen.Contains(name)).ToList())
        {
            if (_agents[gone].InFlight == 0)
            {
                _agents.Remove(gone);
            }
            else
            {
                _agents[gone].Online = false;
            }
        }
    }

    public AgentCandidate? Select(IReadOnlyCollection<string> required, string? named) => AgentSelector.Select(_agents.Values, required, named);

    /// <summary>Whether any online agent could ever take this work (busy or not).</summary>
    public bool AnyMatch(IReadOnlyCollection<string> required, string? named) =>
        _agents.Values.Any(agent => (named is null || string.Equals(agent.Name, named, StringComparison.Ordinal)) && AgentSelector.Matches(agent, required));
}
