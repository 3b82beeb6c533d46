using System.ComponentModel.DataAnnotations;

namespace Lightning.Git.Releases;

/// <summary>The <c>Lightning:Git:Releases</c> section: how versions are tagged and which commit types bump what.</summary>
public sealed class ReleaseOptions
{
    public const string SectionName = "Lightning:Git:Releases";

    /// <summary>Prefix of version tags (<c>v1.2.3</c>); tags without it (<c>1.2.3</c>) are read too. Empty for none.</summary>
    [RegularExpression(@"^[A-Za-z0-9._-]*$")]
    public string TagPrefix { get; set; } = "v";

    /// <summary>
    /// Commit type (case-insensitive) to bump. Breaking changes are always <see cref="VersionBump.Major"/>; types not
    /// listed (docs, chore, ...) release nothing.
    /// </summary>
    public Dictionary<string, VersionBump> TypeBumps { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["feat"] = VersionBump.Minor,
        ["fix"] = VersionBump.Patch,
        ["perf"] = VersionBump.Patch,
    };

    /// <summary>While the major version is 0, a breaking change bumps the minor version (0.4.2 → 0.5.0), as semver allows.</summary>
    public bool BreakingBumpsMinorBeforeOne { get; set; } = true;

    /// <summary>The monorepo's packages; empty for a repository released as one.</summary>
    public List<ReleasePackage> Packages { get; set; } = [];

    internal VersionBump BumpFor(string type) =>
        TypeBumps.FirstOrDefault(pair => string.Equals(pair.Key, type, StringComparison.OrdinalIgnoreCase)).Value;
}
