using Lightning.Core.Errors;

namespace Lightning.Monitoring.Analysis.Anomalies;

public enum AnomalyDirection
{
    /// <summary>Values far above or below what the models expect.</summary>
    Both,
    Above,
    Below,
}

/// <summary>
/// How the anomaly models judge a point. The defaults were tuned on the anomaly benchmark (bench/Lightning.Benchmarks/
/// Anomaly) so that at least 95 % of injected anomalies fire while clean data raises at most one alert per 100 series
/// per day; see docs/monitoring.md (Analysis).
/// </summary>
public sealed record AnomalySettings
{
    public static AnomalySettings Default { get; } = new();

    /// <summary>How far (in robust standard deviations of the model's residuals) a value must be to count, per model.</summary>
    public double Threshold { get; init; } = 5;

    /// <summary>How many of the three models must agree (3: all of them, the default).</summary>
    public int RequiredAgreement { get; init; } = 3;

    public AnomalyDirection Direction { get; init; } = AnomalyDirection.Both;

    /// <summary>How many of the newest points are judged (each against the points before it); the verdict is the worst of them.</summary>
    public int JudgedPoints { get; init; } = 1;

    /// <summary>Fewer points of history than this and nothing is judged anomalous.</summary>
    public int MinHistory { get; init; } = 30;

    /// <summary>Only the newest points of history are read (bounds the cost of one evaluation).</summary>
    public int MaxHistory { get; init; } = 20_160;

    /// <summary>A deviation smaller than this (in the series' own unit) never counts, whatever its z-score (0: off).</summary>
    public double MinimumChange { get; init; }

    /// <summary>
    /// Up to this tail ratio (the history's 97th-99th percentiles of point-to-point changes, in robust standard
    /// deviations, over normal noise's, as a geometric mean) the noise counts as normal and thresholds stay as they
    /// are; 1.07 is about the 99th percentile of the ratio of normal, AR(1) and quantised noise over 2-3 days of history.
    /// </summary>
    public double TailRatioNormal { get; init; } = 1.07;

    /// <summary>
    /// From this tail ratio on the noise counts as heavy-tailed and thresholds are multiplied by
    /// <see cref="MaxTailFactor"/> (linearly between the two ratios); 1.10 is about the 1st percentile of the ratios of
    /// Student-t(5) histories of 2-3 days (median 1.19; Laplace: 1st percentile 1.17, median 1.26). A t(5) history in
    /// the ramp gets a partial factor that its own draws cross within days, so the ramp ends where t(5) begins.
    /// </summary>
    public double TailRatioHeavy { get; init; } = 1.10;

    /// <summary>
    /// What heavy tails multiply the threshold by (1: thresholds never adapt): 2.4 lifts a 5σ threshold to 12σ, above
    /// most of what Laplace or Student-t(5) noise reaches in a few days, and below the anomalies worth an alert on such
    /// series.
    /// </summary>
    public double MaxTailFactor { get; init; } = 2.4;

    /// <summary>Smoothing of the EWMA model's mean.</summary>
    public double EwmaAlpha { get; init; } = 0.1;

    /// <summary>Smoothing of the EWMA model's scale (slower than the mean, so that one burst does not hide the next).</summary>
    public double EwmaVarianceAlpha { get; init; } = 0.02;

    /// <summary>Points the median-absolute-deviation model looks back over.</summary>
    public int MadWindow { get; init; } = 60;

    /// <summary>The season of the Holt-Winters model: null to detect it among <see cref="SeasonCandidates"/>, zero for none.</summary>
    public TimeSpan? Season { get; init; }

    public IReadOnlyList<TimeSpan> SeasonCandidates { get; init; } = [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(7)];

    public double HoltWintersAlpha { get; init; } = 0.1;
    public double HoltWintersBeta { get; init; } = 0.005;
    public double HoltWintersGamma { get; init; } = 0.3;

    /// <summary>The Holt-Winters seasonal term is the median of its slot and this many neighbours each side (0: off).</summary>
    public int SeasonalSmoothing { get; init; } = 2;

    /// <summary>Residuals of the newest points the Holt-Winters model's prediction interval is taken from.</summary>
    public int ResidualWindow { get; init; } = 1440;

    /// <summary>Throws <see cref="ValidationFailedException"/> naming the first setting out of range.</summary>
    public AnomalySettings Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok) throw new ValidationFailedException(message);
        }

        Check(double.IsFinite(Threshold) && Threshold > 0, "The anomaly threshold must be a positive number.");
        Check(RequiredAgreement is >= 1 and <= 3, "The number of models that must agree is 1, 2 or 3.");
        Check(JudgedPoints is >= 1 and <= 1000, "Judged points must be 1 to 1000.");
        Check(MinHistory is >= 5 and <= 1_000_000, "Minimum history must be 5 to 1,000,000 points.");
        Check(MaxHistory >= MinHistory && MaxHistory <= 1_000_000, "Maximum history must be at least the minimum and at most 1,000,000 points.");
        Check(MinimumChange >= 0 && double.IsFinite(MinimumChange), "The minimum change must be zero or positive.");
        Check(TailRatioNormal is >= 0.5 and <= 10 && TailRatioHeavy > TailRatioNormal && TailRatioHeavy <= 10,
            "The tail ratios must be 0.5 to 10, the heavy one above the normal one.");
        Check(MaxTailFactor is >= 1 and <= 100, "The maximum tail factor must be 1 to 100.");
        Check(EwmaAlpha is > 0 and < 1 && EwmaVarianceAlpha is > 0 and < 1, "EWMA smoothing factors must be between 0 and 1.");
        Check(MadWindow is >= 5 and <= 100_000, "The MAD window must be 5 to 100,000 points.");
        Check(Season is null || Season.Value >= TimeSpan.Zero, "The season cannot be negative.");
        Check(HoltWintersAlpha is > 0 and < 1 && HoltWintersBeta is >= 0 and < 1 && HoltWintersGamma is >= 0 and < 1,
            "Holt-Winters smoothing factors must be between 0 and 1.");
        Check(SeasonalSmoothing is >= 0 and <= 50, "Seasonal smoothing must be 0 to 50 slots.");
        Check(ResidualWindow is >= 10 and <= 1_000_000, "The residual window must be 10 to 1,000,000 points.");
        return this;
    }
}
