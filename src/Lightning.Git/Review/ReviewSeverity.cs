namespace Lightning.Git.Review;

/// <summary>How much a finding matters: errors should block a merge (a leaked secret), warnings ask for a look.</summary>
public enum ReviewSeverity
{
    Info,
    Warning,
    Error,
}
