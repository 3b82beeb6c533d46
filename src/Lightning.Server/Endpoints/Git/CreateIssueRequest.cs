namespace Lightning.Server.Endpoints.Git;

/// <summary>A new issue; <paramref name="Assignees"/> are usernames on both providers.</summary>
public sealed record CreateIssueRequest(string Title, string? Body = null, IReadOnlyList<string>? Labels = null, IReadOnlyList<string>? Assignees = null);
