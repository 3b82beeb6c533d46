namespace Lightning.Git.Hosting;

/// <summary>A review comment as the provider stored it: its id there and a link a user can open.</summary>
public sealed record PostedReviewComment(string Id, string Path, int Line, string? Url);
