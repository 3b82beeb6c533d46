namespace Lightning.Collaboration.Planning;

/// <summary>
/// How templates split work. A fan-out over more items than <see cref="MaxFanOut"/> makes <see cref="MaxFanOut"/>
/// subtasks, each over a contiguous batch of the items (sizes differ by one at most).
/// </summary>
public sealed record SplittingRules(int MaxFanOut = 1000);
