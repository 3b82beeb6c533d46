namespace Lightning.Git.Insights;

/// <summary>Which history <see cref="ContributionTracker"/> reads, and reviews known from elsewhere.</summary>
public sealed record ContributionOptions
{
    public HistoryFilter Filter { get; init; } = new();

    /// <summary>Reviews counted by the hosting provider, added to the ones read from trailers.</summary>
    public IReadOnlyList<ProviderReviewCount>? ProviderReviews { get; init; }
}
