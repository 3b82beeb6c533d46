namespace Lightning.Collaboration.Coordination;

/// <summary>
/// An agent as selection sees it: what it offers, whether it is online, how many subtasks it runs now, and how it has
/// done. Owned by the engine's loop, which updates it in place.
/// </summary>
public sealed class AgentCandidate(string name, IReadOnlySet<string> capabilities, int maxConcurrency)
{
    public string Name { get; } = name;

    public IReadOnlySet<string> Capabilities { get; set; } = capabilities;

    public int MaxConcurrency { get; set; } = maxConcurrency;

    public bool Online { get; set; } = true;

    public int InFlight { get; set; }

    public AgentStats Stats { get; } = new();
}
