namespace Lightning.Monitoring.Analysis.Correlations;

/// <summary>A named series to compare (a query result's series, named by its measurement, field and tags).</summary>
public sealed record CorrelationCandidate(string Name, long[] TimestampsNs, double[] Values);
