namespace Lightning.Git.Registry;

/// <summary>A registered repository as the API shows it.</summary>
public sealed record RepositoryView(
    string Name,
    string Path,
    string? CloneUrl,
    bool Managed,
    string? Connection,
    string? HostedRepository,
    DateTimeOffset CreatedAt,
    string CreatedBy);
