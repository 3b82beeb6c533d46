using System.Globalization;
using System.Numerics;
using Semver;

namespace Lightning.Git.Releases;

/// <summary>The arithmetic of releases: reading versions from tags, the bump a set of commits asks for, applying it.</summary>
public static class SemanticVersioning
{
    /// <summary>
    /// The version a tag names, or null: for a repository <c>{prefix}1.2.3</c> or <c>1.2.3</c>; for a package
    /// <c>{name}@1.2.3</c>, <c>{name}/v1.2.3</c> or <c>{name}/1.2.3</c>. Versions are strict SemVer 2.0.0.
    /// </summary>
    public static SemVersion? ParseTag(string tagName, string tagPrefix, ReleasePackage? package = null)
    {
        ArgumentNullException.ThrowIfNull(tagName);
        ArgumentNullException.ThrowIfNull(tagPrefix);
        string? text;
        if (package is not null)
        {
            text = tagName.StartsWith(package.Name + "@", StringComparison.Ordinal) ? tagName[(package.Name.Length + 1)..]
                : tagName.StartsWith(package.Name + "/v", StringComparison.Ordinal) ? tagName[(package.Name.Length + 2)..]
                : tagName.StartsWith(package.Name + "/", StringComparison.Ordinal) ? tagName[(package.Name.Length + 1)..]
                : null;
        }
        else
        {
            text = tagPrefix.Length > 0 && tagName.StartsWith(tagPrefix, StringComparison.Ordinal) ? tagName[tagPrefix.Length..] : tagName;
        }

        return text is not null && SemVersion.TryParse(text, SemVersionStyles.Strict, out var version) ? version : null;
    }

    /// <summary>The tag that a release of <paramref name="version"/> gets.</summary>
    public static string TagFor(SemVersion version, string tagPrefix, ReleasePackage? package = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        return package is null ? tagPrefix + version : package.TagFor(version.ToString());
    }

    /// <summary>The bump one commit asks for: major when breaking, else the type's entry in the options, else none.</summary>
    public static VersionBump BumpFor(ReleaseCommit commit, ReleaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(options);
        return commit.Conventional switch
        {
            null => VersionBump.None,
            { IsBreaking: true } => VersionBump.Major,
            var conventional => options.BumpFor(conventional.Type),
        };
    }

    /// <summary>The largest bump any of <paramref name="commits"/> asks for.</summary>
    public static VersionBump BumpFor(IEnumerable<ReleaseCommit> commits, ReleaseOptions options) =>
        commits.Select(commit => BumpFor(commit, options)).DefaultIfEmpty(VersionBump.None).Max();

    /// <summary>
    /// <paramref name="current"/> moved by <paramref name="bump"/>, without pre-release or metadata. While the major
    /// version is 0 and <see cref="ReleaseOptions.BreakingBumpsMinorBeforeOne"/> holds, a major bump moves the minor.
    /// </summary>
    public static SemVersion Apply(SemVersion current, VersionBump bump, ReleaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);
        if (bump == VersionBump.Major && current.Major.IsZero && options.BreakingBumpsMinorBeforeOne)
        {
            bump = VersionBump.Minor;
        }

        return bump switch
        {
            VersionBump.Major => Create(current.Major + 1, 0, 0),
            VersionBump.Minor => Create(current.Major, current.Minor + 1, 0),
            VersionBump.Patch => Create(current.Major, current.Minor, current.Patch + 1),
            _ => Create(current.Major, current.Minor, current.Patch),
        };
    }

    /// <summary>
    /// The next pre-release of <paramref name="release"/> on <paramref name="channel"/>: <c>1.3.0-rc.1</c>, or one past
    /// the highest <c>1.3.0-rc.N</c> among <paramref name="existing"/>.
    /// </summary>
    public static SemVersion NextPrerelease(SemVersion release, string channel, IEnumerable<SemVersion> existing)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(existing);
        ValidateIdentifiers(channel, "pre-release channel", "git.invalid_prerelease");
        var number = existing
            .Where(version => version.Major == release.Major && version.Minor == release.Minor && version.Patch == release.Patch
                && version.PrereleaseIdentifiers.Count == 2
                && string.Equals(version.PrereleaseIdentifiers[0].Value, channel, StringComparison.Ordinal)
                && version.PrereleaseIdentifiers[1].NumericValue is not null)
            .Select(version => version.PrereleaseIdentifiers[1].NumericValue!.Value)
            .DefaultIfEmpty(BigInteger.Zero)
            .Max() + 1;
        return SemVersion.Parse(string.Create(CultureInfo.InvariantCulture, $"{release.Major}.{release.Minor}.{release.Patch}-{channel}.{number}"), SemVersionStyles.Strict);
    }

    /// <summary><paramref name="version"/> with build metadata (<c>1.3.0+build.7</c>), which never affects precedence.</summary>
    public static SemVersion WithMetadata(SemVersion version, string metadata)
    {
        ArgumentNullException.ThrowIfNull(version);
        ValidateIdentifiers(metadata, "build metadata", "git.invalid_build_metadata");
        return version.WithMetadataParsedFrom(metadata);
    }

    static SemVersion Create(BigInteger major, BigInteger minor, BigInteger patch) =>
        SemVersion.Parse(string.Create(CultureInfo.InvariantCulture, $"{major}.{minor}.{patch}"), SemVersionStyles.Strict);

    static void ValidateIdentifiers(string text, string what, string code)
    {
        var metadata = string.Equals(code, "git.invalid_build_metadata", StringComparison.Ordinal);
        var valid = !string.IsNullOrEmpty(text)
            && SemVersion.TryParse((metadata ? "0.0.0+" : "0.0.0-") + text, SemVersionStyles.Strict, out _)
            && (metadata || !text.Contains('.', StringComparison.Ordinal));
        if (!valid)
        {
            throw new Core.Errors.LightningException(Core.Errors.ErrorKind.Invalid, code,
                $"'{text}' is not a valid {what}: use letters, digits and '-'{(metadata ? ", in parts separated by '.'" : " (one word, such as rc or beta)")}.");
        }
    }
}
