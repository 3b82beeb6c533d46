namespace Lightning.Git.Releases;

/// <summary>How a monorepo package's release tags are written; both are read, this one is created.</summary>
public enum PackageTagStyle
{
    /// <summary><c>api@1.2.3</c></summary>
    At = 0,

    /// <summary><c>api/v1.2.3</c></summary>
    SlashV = 1,
}
