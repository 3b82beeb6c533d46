namespace Lightning.Git.Releases;

/// <summary>
/// One package of a monorepo: released on its own, from the commits that touch <paramref name="Path"/> (relative to the
/// repository root, e.g. <c>services/api</c>), with tags <c>api@1.2.3</c> or <c>api/v1.2.3</c>.
/// </summary>
public sealed record ReleasePackage(string Name, string Path, PackageTagStyle TagStyle = PackageTagStyle.At)
{
    /// <summary>The tag this package's release of <paramref name="version"/> gets.</summary>
    public string TagFor(string version) => TagStyle == PackageTagStyle.SlashV ? $"{Name}/v{version}" : $"{Name}@{version}";
}
