namespace Lightning.Git.Releases;

/// <summary>Commits of one changelog group (git-cliff's default groups), oldest first.</summary>
/// <param name="Title">The group without its emoji (<c>Features</c>).</param>
/// <param name="Heading">The heading as the default changelog prints it (<c>🚀 Features</c>).</param>
public sealed record ReleaseGroup(string Title, string Heading, IReadOnlyList<ReleaseCommit> Commits);
