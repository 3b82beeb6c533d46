using Lightning.Core.Errors;

namespace Lightning.Monitoring.Analysis.Correlations;

public enum CorrelationMethod
{
    Pearson,
    /// <summary>Pearson on ranks: any monotonic relation, unmoved by a few extreme points.</summary>
    Spearman,
}

/// <summary>How series are aligned and compared.</summary>
public sealed record CorrelationSettings
{
    public static CorrelationSettings Default { get; } = new();

    /// <summary>Series are compared as bucket means of this width.</summary>
    public TimeSpan Bucket { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Lags tried, in buckets, from −MaxLag to +MaxLag.</summary>
    public int MaxLag { get; init; } = 10;

    /// <summary>Fewest aligned bucket pairs a correlation is computed on.</summary>
    public int MinOverlap { get; init; } = 20;

    public CorrelationMethod RankBy { get; init; } = CorrelationMethod.Pearson;

    /// <summary>Correlate bucket-to-bucket changes instead of levels (two series that both merely trend upwards stop looking related).</summary>
    public bool Differences { get; init; }

    /// <summary>Matches weaker than this |r| are left out.</summary>
    public double MinCorrelation { get; init; } = 0.3;

    public CorrelationSettings Validate()
    {
        if (Bucket <= TimeSpan.Zero) throw new ValidationFailedException("The correlation bucket must be positive.");
        if (MaxLag is < 0 or > 1000) throw new ValidationFailedException("The maximum lag must be 0 to 1000 buckets.");
        if (MinOverlap < 3) throw new ValidationFailedException("The minimum overlap must be at least 3 buckets.");
        if (MinCorrelation is < 0 or > 1) throw new ValidationFailedException("The minimum correlation must be 0 to 1.");
        return this;
    }
}
