namespace Lightning.Server.Endpoints.Testing;

/// <summary>A stored coverage map, without its lines: which project, at which commit, how many tests and files.</summary>
public sealed record CoverageMapSummary(string Project, string Framework, string? Commit, bool Dirty, DateTimeOffset BuiltAt, int Tests, int Files, int UnmatchedContexts);
