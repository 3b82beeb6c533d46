namespace Lightning.Git.Hosting.GitLab;

/// <summary>What a new issue needs.</summary>
public sealed record GitLabIssueCreate
{
    public required string Title { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>User ids (GitLab assigns by id; <see cref="GitLabClient.FindUserAsync"/> finds one by username).</summary>
    public IReadOnlyList<long>? AssigneeIds { get; init; }
}
