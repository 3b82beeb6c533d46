namespace Lightning.Collaboration.Tasks;

/// <summary>
/// How a node combines its dependencies' outputs. <see cref="Field"/> picks a property of each output to vote on;
/// <see cref="Quorum"/> is how many must agree for <see cref="AggregationStrategy.Quorum"/>.
/// </summary>
public sealed record AggregationSpec(AggregationStrategy Strategy, int? Quorum = null, string? Field = null);
