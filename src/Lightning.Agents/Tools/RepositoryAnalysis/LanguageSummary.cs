namespace Lightning.Agents.Tools.RepositoryAnalysis;

/// <summary>The files of one language and their lines.</summary>
public sealed record LanguageSummary(string Language, int Files, long Lines);
