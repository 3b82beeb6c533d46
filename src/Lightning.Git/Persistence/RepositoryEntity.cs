namespace Lightning.Git.Persistence;

/// <summary>A repository the platform knows by name: a working copy on the server's disk, and where it came from.</summary>
public sealed class RepositoryEntity
{
    public required string Name { get; set; }

    /// <summary>Absolute path of the working copy (or bare repository) on the server.</summary>
    public required string Path { get; set; }

    /// <summary>The URL it was cloned from; null when an existing directory was registered.</summary>
    public string? CloneUrl { get; set; }

    /// <summary>True when the platform cloned it into its data directory, and so owns (and may delete) the files.</summary>
    public bool Managed { get; set; }

    /// <summary>The hosting connection (GitHub or GitLab) used for tokens and pull/merge requests, if any.</summary>
    public string? Connection { get; set; }

    /// <summary>The repository on the provider: <c>owner/name</c> on GitHub, the project path on GitLab.</summary>
    public string? HostedRepository { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }
}
