namespace Lightning.Collaboration.Tasks;

public enum SelectionStrategy
{
    /// <summary>The named agent, and only it.</summary>
    Direct,
    /// <summary>The matching agent with the most free capacity, weighted by its success rate and latency.</summary>
    LeastLoaded,
}
