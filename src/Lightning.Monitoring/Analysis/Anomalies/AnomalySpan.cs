namespace Lightning.Monitoring.Analysis.Anomalies;

/// <summary>A run of consecutive anomalous points found by a scan: where it starts and ends (inclusive), and its worst point.</summary>
public sealed record AnomalySpan(int StartIndex, int EndIndex, long StartNs, long EndNs, double PeakScore, string Reason)
{
    public int Points => EndIndex - StartIndex + 1;

    /// <summary>The models that judged the worst point anomalous.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];
}
