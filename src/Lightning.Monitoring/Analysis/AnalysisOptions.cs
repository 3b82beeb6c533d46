using System.ComponentModel.DataAnnotations;

namespace Lightning.Monitoring.Analysis;

/// <summary>The <c>Lightning:Monitoring:Analysis</c> section: bounds on what one analysis reads, and prices for cost suggestions.</summary>
public sealed class AnalysisOptions
{
    public const string SectionName = "Lightning:Monitoring:Analysis";

    /// <summary>The widest time range one analysis may read.</summary>
    [Range(1, 3650)]
    public int MaxRangeDays { get; set; } = 90;

    /// <summary>The most series one query may bring into an analysis (a wide group-by is cut with an error, not silently).</summary>
    [Range(1, 100_000)]
    public int MaxSeries { get; set; } = 500;

    /// <summary>Price of one core for an hour; with it, CPU and idle-host suggestions carry a monthly saving.</summary>
    [Range(0, 1_000_000)]
    public double? PricePerCoreHour { get; set; }

    /// <summary>Price of one GiB of memory for an hour.</summary>
    [Range(0, 1_000_000)]
    public double? PricePerGbHour { get; set; }

    [MinLength(1)]
    public string Currency { get; set; } = "USD";
}
