namespace Lightning.Agents.Tools.RepositoryAnalysis;

/// <summary>The container files found.</summary>
public sealed record ContainerSummary(bool HasDockerfile, IReadOnlyList<string> Dockerfiles, IReadOnlyList<string> ComposeFiles);
