using Lightning.Monitoring.Analysis.Anomalies;

namespace Lightning.Monitoring.Alerts.Evaluation;

/// <summary>Anomaly conditions judged by the analysis module's consensus detector (EWMA z-score, MAD and Holt-Winters must agree).</summary>
public sealed class ConsensusAnomalyEvaluator : IAnomalyEvaluator
{
    public AnomalyResult Evaluate(long[] timestampsNs, double[] values, double? sensitivity)
    {
        var settings = sensitivity is { } threshold ? AnomalySettings.Default with { Threshold = threshold } : AnomalySettings.Default;
        var verdict = AnomalyDetector.Evaluate(timestampsNs, values, settings);
        return new AnomalyResult(verdict.IsAnomalous, verdict.Score, verdict.Reason);
    }
}
