namespace Lightning.Testing.History;

/// <summary>How often a test failed over the runs looked at, for the most-failing list. Flaky runs are counted apart.</summary>
public sealed record TestFailureCount(
    string Id, string Repository, string Framework, string Name, string? File, int Runs, int Failures, int Flaky,
    DateTimeOffset? LastFailedAt, string? LastFailureMessage);
