namespace Lightning.Monitoring.Analysis.Trends;

public enum TrendDirection
{
    Flat,
    Rising,
    Falling,
}

/// <summary>
/// A series' trend: the Theil-Sen slope per hour and per day with its confidence interval, the Mann-Kendall test, and
/// the mean shifts found. <see cref="Direction"/> is Flat unless the trend is significant at the requested level.
/// </summary>
public sealed record TrendReport(
    TrendDirection Direction,
    bool IsSignificant,
    double SlopePerHour,
    double SlopePerDay,
    double SlopeLowPerHour,
    double SlopeHighPerHour,
    double MannKendallZ,
    double PValue,
    int Points,
    IReadOnlyList<ChangePoint> ChangePoints,
    string Summary);
