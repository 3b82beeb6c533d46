namespace Lightning.Git.Registry;

/// <summary>Where registered repositories may live on the server.</summary>
public sealed class GitRegistryOptions
{
    public const string SectionName = "Lightning:Git:Registry";

    /// <summary>
    /// Directories under which an existing repository may be registered by path. Empty: any absolute path (the API
    /// allows registering by path to admins only). Clones always go to the data directory's <c>git/repos</c>.
    /// </summary>
    public IList<string> AllowedRoots { get; } = [];
}
