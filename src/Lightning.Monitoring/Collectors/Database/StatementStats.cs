namespace Lightning.Monitoring.Collectors.Database;

/// <summary>Timings of one normalised statement: how often it ran, total, mean and slowest time, and how often it failed.</summary>
public sealed record StatementStats(string Statement, long Count, double TotalMs, double MaxMs, long Errors)
{
    public double MeanMs => Count == 0 ? 0 : TotalMs / Count;
}
