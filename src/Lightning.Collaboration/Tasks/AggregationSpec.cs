namespace Lightning.Collaboration.Tasks;

/// <summary>
/// How a node combines its dependencies' outputs. <see cref="Field"/> picks a property of each output to vote on;
/// <see cref="Quorum"/> is how many must agree for <see cref="AggregationStrategy.Quorum"/>. With <see cref="Escalate"/>,
/// a vote or quorum that finds no agreement asks a person instead of failing: the node waits at an approval gate, and
/// whoever approves names the winning answer in the comment.
/// </summary>
public sealed record AggregationSpec(AggregationStrategy Strategy, int? Quorum = null, string? Field = null, bool Escalate = false);
