namespace Lightning.Monitoring.Analysis.Anomalies;

/// <summary>
/// One model's judgement of a value. <paramref name="Score"/> is the deviation over the model's threshold: 1 or more
/// is anomalous. <paramref name="Expected"/> is what the model predicted; <paramref name="Reason"/> says why, in words.
/// </summary>
public sealed record ModelVerdict(string Model, bool IsAnomalous, double Score, double Value, double Expected, double Deviations, string Reason);
