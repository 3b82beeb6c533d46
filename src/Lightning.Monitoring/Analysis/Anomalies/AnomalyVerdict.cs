namespace Lightning.Monitoring.Analysis.Anomalies;

/// <summary>
/// The consensus over the models: anomalous when at least the required number of them are. <paramref name="Score"/>
/// is the score of the k-th most convinced model (k = the required agreement), so it is 1 or more exactly when the
/// verdict is anomalous.
/// </summary>
public sealed record AnomalyVerdict(bool IsAnomalous, double Score, IReadOnlyList<ModelVerdict> Models, string Reason)
{
    /// <summary>Index of the judged point in the evaluated series (the worst of the judged points).</summary>
    public int Index { get; init; } = -1;

    public long TimestampNs { get; init; }

    internal static AnomalyVerdict NotJudged(string reason) => new(false, 0, [], reason);
}
