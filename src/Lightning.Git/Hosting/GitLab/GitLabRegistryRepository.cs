namespace Lightning.Git.Hosting.GitLab;

/// <summary>A container registry repository of a project.</summary>
public sealed record GitLabRegistryRepository
{
    public long Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public string Path { get; init; } = string.Empty;

    public string Location { get; init; } = string.Empty;

    public long ProjectId { get; init; }
}
