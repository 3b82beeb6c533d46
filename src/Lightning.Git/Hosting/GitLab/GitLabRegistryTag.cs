namespace Lightning.Git.Hosting.GitLab;

/// <summary>A tag of a container registry repository.</summary>
public sealed record GitLabRegistryTag
{
    public string Name { get; init; } = string.Empty;

    public string Path { get; init; } = string.Empty;

    public string Location { get; init; } = string.Empty;
}
