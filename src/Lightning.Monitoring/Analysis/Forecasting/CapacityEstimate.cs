namespace Lightning.Monitoring.Analysis.Forecasting;

public enum CapacityOutlook
{
    /// <summary>The newest value is already at or past the limit.</summary>
    AtLimit,
    /// <summary>The limit is reached within the horizon at the current rate.</summary>
    WillReachLimit,
    /// <summary>Flat, falling, no significant growth, or growing too slowly to reach the limit within the horizon.</summary>
    NotWithinHorizon,
}

/// <summary>
/// When a resource reaches its limit. <see cref="At"/> is the estimate; <see cref="Earliest"/> and <see cref="Latest"/>
/// come from the slope's confidence interval (<see cref="Latest"/> is null when the slow end of the interval never gets
/// there). <see cref="Confidence"/> is 1 − the Mann-Kendall p-value of the growth.
/// </summary>
public sealed record CapacityEstimate(
    CapacityOutlook Outlook,
    DateTimeOffset? At,
    DateTimeOffset? Earliest,
    DateTimeOffset? Latest,
    double Confidence,
    double Current,
    double Limit,
    double SlopePerDay,
    string Explanation);
