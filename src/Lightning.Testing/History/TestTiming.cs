namespace Lightning.Testing.History;

/// <summary>A test's durations over the runs looked at, for the slowest-tests list.</summary>
public sealed record TestTiming(
    string Id, string Repository, string Framework, string Name, string? File, int Runs, TimeSpan AverageDuration, TimeSpan MaxDuration, TimeSpan? LastDuration);
