namespace Lightning.Collaboration.Tasks;

public enum SelectionStrategy
{
    /// <summary>The named agent, and only it.</summary>
    Direct,
    /// <summary>The matching agent with the most free capacity, weighted by its success rate and latency.</summary>
    LeastLoaded,
    /// <summary>
    /// Contract Net: a call for proposals goes to the matching agents; each proposes (cost, latency, load, confidence)
    /// or refuses before the deadline; the best proposal is awarded, the next one when the winner refuses or fails.
    /// </summary>
    ContractNet,
}
