namespace Lightning.Monitoring.Analysis.Trends;

/// <summary>A shift in a series' mean: the first point of the new segment, and the means either side.</summary>
public sealed record ChangePoint(long TimestampNs, int Index, double MeanBefore, double MeanAfter)
{
    public double Shift => MeanAfter - MeanBefore;
}
