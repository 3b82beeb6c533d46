namespace Lightning.Monitoring.Analysis.Forecasting;

/// <summary>
/// Forecast points after the last observed one, evenly spaced at the series' median interval, with a prediction
/// interval (<see cref="Lower"/>..<see cref="Upper"/>) of the requested confidence.
/// </summary>
public sealed record Forecast(
    long[] TimestampsNs,
    double[] Values,
    double[] Lower,
    double[] Upper,
    int SeasonLength,
    HoltWintersParameters Parameters,
    double ResidualSigma,
    double Confidence);
