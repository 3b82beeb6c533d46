namespace Lightning.Git.Releases;

/// <summary>What to plan (or cut) a release of, and how its changelog section is written.</summary>
/// <param name="Package">A package name from <see cref="ReleaseOptions.Packages"/>, or null for the repository.</param>
/// <param name="PreRelease">A pre-release channel (<c>rc</c> → <c>1.3.0-rc.1</c>).</param>
/// <param name="BuildMetadata">Build metadata for the version (<c>build.7</c>).</param>
/// <param name="TemplatePath">The template file when <paramref name="Format"/> is <see cref="ChangelogFormat.Template"/>.</param>
public sealed record ReleasePlanRequest(
    string? Package = null,
    string? PreRelease = null,
    string? BuildMetadata = null,
    ChangelogFormat Format = ChangelogFormat.Default,
    string? TemplatePath = null);
