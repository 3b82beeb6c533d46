namespace Lightning.Monitoring.Analysis.Resources;

/// <summary>Prices used to put a figure on a suggestion; without them suggestions carry no cost.</summary>
public sealed record CostRates(double? PerCoreHour, double? PerGbHour, string Currency = "USD")
{
    public const double HoursPerMonth = 730;
}
