namespace Lightning.Git.Insights;

/// <summary>One <c>--numstat</c> line: a binary file has no line counts (git prints <c>-</c>), so both are zero.</summary>
internal readonly record struct LogFileChange(string Path, int Added, int Removed, bool Binary);
