namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// Cut a release: tag the next version (pre-release channel <paramref name="Pre"/>, build metadata
/// <paramref name="Build"/>) and, unless <paramref name="NoChangelog"/>, prepend its section to
/// <paramref name="ChangelogPath"/> (inside the repository; <c>CHANGELOG.md</c> when null) and commit it.
/// </summary>
public sealed record CutReleaseRequest(string? Pre = null, string? Build = null, string? Package = null, string? ChangelogPath = null, bool NoChangelog = false);
