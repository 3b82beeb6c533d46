namespace Lightning.Git.Review;

/// <summary>
/// One thing a rule or the LLM reviewer found. <paramref name="Line"/> is a line of the new file that the diff adds,
/// so the finding can be posted as a comment on that diff line; <c>null</c> means the whole file (a binary blob).
/// Messages never repeat a secret: found secrets are masked.
/// </summary>
public sealed record ReviewFinding(string RuleId, ReviewSeverity Severity, string Path, int? Line, string Message);
