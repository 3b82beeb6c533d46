namespace Lightning.Testing.Detection;

/// <summary>One reason a project was detected: the file (relative to the repository) and what it said.</summary>
public sealed record DetectionEvidence(string File, string Reason);
