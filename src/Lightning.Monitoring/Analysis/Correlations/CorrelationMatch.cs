namespace Lightning.Monitoring.Analysis.Correlations;

/// <summary>
/// How a candidate moves with the target at its best lag. A positive <see cref="Lag"/> means the candidate leads: its
/// changes come that long before the target's.
/// </summary>
public sealed record CorrelationMatch(string Name, int LagBuckets, TimeSpan Lag, double Pearson, double Spearman, int Overlap, string Explanation)
{
    public double Strength(CorrelationMethod method) => Math.Abs(method == CorrelationMethod.Spearman ? Spearman : Pearson);
}
