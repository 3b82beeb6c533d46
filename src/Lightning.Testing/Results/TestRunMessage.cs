namespace Lightning.Testing.Results;

/// <summary>A message about the run rather than one test, as TRX's run infos carry them (level: error, warning, info).</summary>
public sealed record TestRunMessage(string Level, string Text, DateTimeOffset? At, string? Host);
