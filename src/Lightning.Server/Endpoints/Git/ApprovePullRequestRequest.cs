namespace Lightning.Server.Endpoints.Git;

/// <summary>Approve as the connection's user; with <paramref name="Sha"/>, only while the head is still at that commit.</summary>
public sealed record ApprovePullRequestRequest(string? Sha = null);
