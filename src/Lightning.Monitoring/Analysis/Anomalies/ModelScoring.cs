using System.Globalization;

namespace Lightning.Monitoring.Analysis.Anomalies;

/// <summary>The scoring every model shares: deviation over scale, direction, the tail-adjusted threshold, and the wording.</summary>
internal static class ModelScoring
{
    /// <summary>Scales are never taken as smaller than this share of the level, so a flat series does not divide by zero.</summary>
    const double RelativeScaleFloor = 1e-9;

    public static double Floor(double scale, double level) =>
        Math.Max(scale, RelativeScaleFloor * Math.Max(1, Math.Abs(level)));

    /// <param name="unitsPerSigma">How many of the reported unit make one robust σ (1 for σ; 1/1.4826 for MADs).</param>
    public static ModelVerdict Judge(
        string model, double value, double expected, double sigma, double unitsPerSigma, string unit, string against,
        AnomalySettings settings, ModelContext context)
    {
        var deviation = value - expected;
        var sigmas = deviation / sigma;
        var threshold = settings.Threshold * context.TailFactor;
        var directional = settings.Direction switch
        {
            AnomalyDirection.Above => Math.Max(0, sigmas),
            AnomalyDirection.Below => Math.Max(0, -sigmas),
            _ => Math.Abs(sigmas),
        };
        var score = directional / threshold;
        if (Math.Abs(deviation) < settings.MinimumChange) score = Math.Min(score, 0.999);
        var anomalous = score >= 1;
        var units = sigmas * unitsPerSigma;
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"value {Number(value)} is {Math.Abs(units):0.0} {unit} {(deviation >= 0 ? "above" : "below")} {against} (threshold {threshold * unitsPerSigma:0.0}{(context.TailFactor > 1.01 ? $", raised ×{context.TailFactor:0.00} for heavy tails" : "")})");
        return new ModelVerdict(model, anomalous, score, value, expected, units, reason);
    }

    public static string Number(double value) =>
        Math.Abs(value) >= 1e6 || (Math.Abs(value) < 1e-3 && value != 0)
            ? value.ToString("0.###e0", CultureInfo.InvariantCulture)
            : value.ToString("0.###", CultureInfo.InvariantCulture);
}
