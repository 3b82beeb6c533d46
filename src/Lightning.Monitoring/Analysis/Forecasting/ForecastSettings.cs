using Lightning.Core.Errors;

namespace Lightning.Monitoring.Analysis.Forecasting;

/// <summary>How a forecast is made. Without <see cref="Parameters"/>, the smoothing factors are chosen by the smallest one-step error.</summary>
public sealed record ForecastSettings
{
    public static ForecastSettings Default { get; } = new();

    /// <summary>The season: null to detect it by autocorrelation, zero for none.</summary>
    public TimeSpan? Season { get; init; }

    /// <summary>Seasons tried first when detecting (an hour, a day, a week); other lags are scanned only for short series.</summary>
    public IReadOnlyList<TimeSpan> SeasonCandidates { get; init; } = [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(7)];

    /// <summary>Coverage of the prediction interval (0.95: 95 % of future points expected inside).</summary>
    public double Confidence { get; init; } = 0.95;

    public HoltWintersParameters? Parameters { get; init; }

    public ForecastSettings Validate()
    {
        if (Confidence is <= 0.5 or >= 1) throw new ValidationFailedException("The forecast confidence must be between 0.5 and 1.");
        if (Season < TimeSpan.Zero) throw new ValidationFailedException("The season cannot be negative.");
        if (Parameters is { } p && (p.Alpha is <= 0 or >= 1 || p.Beta is < 0 or >= 1 || p.Gamma is < 0 or >= 1))
            throw new ValidationFailedException("Holt-Winters smoothing factors must be between 0 and 1.");
        return this;
    }
}
