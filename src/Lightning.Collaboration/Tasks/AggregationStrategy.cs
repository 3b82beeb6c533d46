namespace Lightning.Collaboration.Tasks;

public enum AggregationStrategy
{
    /// <summary>A list of the outputs, in dependency order.</summary>
    Concatenate,
    /// <summary>The outputs' JSON objects merged, later dependencies winning on the same key (objects merged deeply).</summary>
    MergeJson,
    /// <summary>The value most outputs agree on; a tie fails the node.</summary>
    MajorityVote,
    /// <summary>A value at least <see cref="AggregationSpec.Quorum"/> outputs agree on, or the node fails.</summary>
    Quorum,
    /// <summary>The node's tool (a reviewer agent's prompt, say) gets the candidates and its output is the choice.</summary>
    Reviewer,
    /// <summary>The node's tool gets the candidates and its output is the result, whatever the tool does with them.</summary>
    Agent,
}
