namespace Lightning.Git.Hosting.GitLab;

/// <summary>A user as GitLab embeds it in other objects.</summary>
public sealed record GitLabUser
{
    public long Id { get; init; }

    public string Username { get; init; } = string.Empty;

    public string? Name { get; init; }
}
