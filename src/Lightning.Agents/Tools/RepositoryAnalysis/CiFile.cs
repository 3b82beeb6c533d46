namespace Lightning.Agents.Tools.RepositoryAnalysis;

/// <summary>A CI configuration file and the CI system that reads it (<c>github-actions</c>, <c>gitlab-ci</c>, ...).</summary>
public sealed record CiFile(string Path, string Provider);
