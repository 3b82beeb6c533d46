namespace Lightning.Git.Registry;

/// <summary>
/// Asks the platform to know a repository by <paramref name="Name"/>: either an existing directory on the server
/// (<paramref name="Path"/>) or a URL or path to clone into the data directory (<paramref name="CloneUrl"/>), optionally
/// linked to a hosting connection and the repository's name there.
/// </summary>
public sealed record RepositoryRegistration(
    string Name,
    string? Path = null,
    string? CloneUrl = null,
    string? Branch = null,
    string? Connection = null,
    string? HostedRepository = null);
