namespace Lightning.Git.Insights;

/// <summary>
/// One person's contribution. Identities are the mailmap's (<c>%aN</c>/<c>%aE</c>, and <c>git check-mailmap</c> for
/// trailers), merged by e-mail. <see cref="Commits"/> excludes merges (counted in <see cref="MergeCommits"/>), and so
/// do lines and files. <see cref="TrailerReviews"/> counts commits naming the person in a <c>Reviewed-by:</c> or
/// <c>Approved-by:</c> trailer; <see cref="CoAuthored"/> counts <c>Co-authored-by:</c> trailers, which credit work, not
/// review. Activity (first, last, active days, in UTC) is any commit authored, reviewed or co-authored.
/// </summary>
public sealed record Contribution(
    string Name,
    string Email,
    int Commits,
    int MergeCommits,
    int LinesAdded,
    int LinesRemoved,
    int FilesTouched,
    DateTimeOffset? FirstActivity,
    DateTimeOffset? LastActivity,
    int ActiveDays,
    int TrailerReviews,
    int ProviderReviews,
    int CoAuthored)
{
    public int Reviews => TrailerReviews + ProviderReviews;
}
