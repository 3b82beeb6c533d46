namespace Lightning.Monitoring.Analysis.Anomalies;

/// <summary>A series' anomaly analysis: the verdict on its newest point(s) and, when asked for, every anomalous span in the range.</summary>
public sealed record AnomalyReport(AnomalyVerdict Latest, IReadOnlyList<AnomalySpan> Spans);
