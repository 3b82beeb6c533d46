namespace Lightning.Git.Hosting.GitLab;

/// <summary>A label (an issue board list follows one).</summary>
public sealed record GitLabLabel
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string? Color { get; init; }
}
