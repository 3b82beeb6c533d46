namespace Lightning.Git.Hosting.GitLab;

/// <summary>Who may push or merge: 0 no one, 30 developers and maintainers, 40 maintainers, 60 administrators.</summary>
public sealed record GitLabAccessLevel
{
    public long? Id { get; init; }

    public int AccessLevel { get; init; }

    public string? AccessLevelDescription { get; init; }
}
