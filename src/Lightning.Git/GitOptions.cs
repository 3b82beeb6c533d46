using System.ComponentModel.DataAnnotations;

namespace Lightning.Git;

/// <summary>The <c>Lightning:Git</c> section: who commits, and where the platform keeps repositories it clones.</summary>
public sealed class GitOptions
{
    public const string SectionName = "Lightning:Git";

    /// <summary>The author and committer of commits the platform makes (agents, <c>lightning git commit</c>).</summary>
    [Required]
    public string AuthorName { get; set; } = "Agent Lightning";

    [Required]
    [EmailAddress]
    public string AuthorEmail { get; set; } = "lightning@localhost";

    /// <summary>The program to run for network operations, merges and gc; a full path pins one install.</summary>
    [Required]
    public string GitExecutable { get; set; } = "git";

    /// <summary>Longest a single git command may run before it is stopped (clone and fetch of a large repository).</summary>
    [Range(1, 86_400)]
    public int CommandTimeoutSeconds { get; set; } = 600;
}
