namespace Lightning.Server.Endpoints.Git;

/// <summary>Commits to apply, in order.</summary>
public sealed record CherryPickRequest(IReadOnlyList<string> Commits);
