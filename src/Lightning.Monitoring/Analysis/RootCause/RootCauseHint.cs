namespace Lightning.Monitoring.Analysis.RootCause;

public enum HintSource
{
    Event,
    Series,
}

/// <summary>One possible cause of an alert, with a score in 0..1 (higher: more likely) and why.</summary>
public sealed record RootCauseHint(HintSource Source, string Title, DateTimeOffset? At, double Score, string Explanation);
