namespace Lightning.Monitoring.Alerts.Evaluation;

/// <summary>
/// Judges whether the newest points of a series are anomalous. The analysis feature's detector
/// (<c>Analysis.Anomalies.AnomalyDetector</c>) answers it; without a registered implementation, anomaly rules cannot
/// be saved and an evaluation of one reports an error state.
/// </summary>
public interface IAnomalyEvaluator
{
    /// <param name="timestampsNs">Point times, ascending, nanoseconds since the epoch.</param>
    /// <param name="values">The values, NaN for missing ones.</param>
    /// <param name="sensitivity">How unusual a point must be (the models' threshold in robust standard deviations); null for the detector's tuned default.</param>
    AnomalyResult Evaluate(long[] timestampsNs, double[] values, double? sensitivity);
}

public sealed record AnomalyResult(bool IsAnomalous, double Score, string Reason);
