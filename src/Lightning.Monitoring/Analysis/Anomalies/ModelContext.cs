namespace Lightning.Monitoring.Analysis.Anomalies;

/// <summary>What the detector works out once per evaluation and hands to every model.</summary>
/// <param name="TailFactor">How much heavy tails in the history multiply every model's threshold (1 for normal noise).</param>
/// <param name="SeasonLength">The season in points (0: none).</param>
internal sealed record ModelContext(double TailFactor, int SeasonLength);
