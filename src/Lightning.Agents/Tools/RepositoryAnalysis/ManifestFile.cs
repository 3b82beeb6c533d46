namespace Lightning.Agents.Tools.RepositoryAnalysis;

/// <summary>A build, package, container or CI file, and what kind of file it is (<c>npm</c>, <c>python</c>, <c>dotnet</c>, <c>ci</c>, ...).</summary>
public sealed record ManifestFile(string Path, string Kind);
