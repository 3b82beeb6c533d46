namespace Lightning.Git.Releases;

/// <summary>What to compute the next version for.</summary>
/// <param name="Package">A package name from <see cref="ReleaseOptions.Packages"/>, or null for the whole repository.</param>
/// <param name="PreRelease">A channel such as <c>rc</c>: the next version becomes <c>1.3.0-rc.N</c>.</param>
/// <param name="BuildMetadata">Appended after <c>+</c> (<c>build.7</c>).</param>
public sealed record NextVersionRequest(string? Package = null, string? PreRelease = null, string? BuildMetadata = null);
