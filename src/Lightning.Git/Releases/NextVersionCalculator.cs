using Lightning.Core.Errors;
using Microsoft.Extensions.Options;
using Semver;

namespace Lightning.Git.Releases;

/// <summary>
/// The next semantic version of a repository or monorepo package, from the Conventional Commits since its last release
/// tag: major for breaking changes, then the configured type bumps (feat minor, fix/perf patch), pre-release channels
/// (<c>rc</c> → <c>1.3.0-rc.1</c>, <c>rc.2</c>, ...) and build metadata.
/// </summary>
public sealed class NextVersionCalculator(ReleaseHistoryReader history, IOptions<ReleaseOptions> options)
{
    readonly ReleaseOptions _options = options.Value;

    public ReleaseOptions Options => _options;

    /// <summary>Computes the next version of the repository at <paramref name="repositoryPath"/>; reads only.</summary>
    public async Task<NextVersionResult> CalculateAsync(string repositoryPath, NextVersionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var root = await history.RootAsync(repositoryPath, cancellationToken);
        var package = ResolvePackage(request.Package);
        var tags = await history.ReadVersionTagsAsync(root, _options.TagPrefix, package, cancellationToken);
        var current = tags.MaxBy(tag => tag.Version, SemVersion.PrecedenceComparer);
        var lastRelease = tags.Where(tag => tag.Version.IsRelease).MaxBy(tag => tag.Version, SemVersion.PrecedenceComparer);
        var commits = await history.ReadCommitsAsync(root, lastRelease?.CommitSha, package?.Path, cancellationToken);
        var bump = SemanticVersioning.BumpFor(commits, _options);
        if (bump == VersionBump.None)
        {
            return new NextVersionResult(package, current, lastRelease, bump, null, null, commits);
        }

        var next = SemanticVersioning.Apply(lastRelease?.Version ?? SemVersion.Parse("0.0.0", SemVersionStyles.Strict), bump, _options);
        if (!string.IsNullOrEmpty(request.PreRelease))
        {
            next = SemanticVersioning.NextPrerelease(next, request.PreRelease, tags.Select(tag => tag.Version));
        }

        if (!string.IsNullOrEmpty(request.BuildMetadata))
        {
            next = SemanticVersioning.WithMetadata(next, request.BuildMetadata);
        }

        return new NextVersionResult(package, current, lastRelease, bump, next, SemanticVersioning.TagFor(next, _options.TagPrefix, package), commits);
    }

    /// <summary>The configured package called <paramref name="name"/>; null for null; <c>git.unknown_package</c> otherwise.</summary>
    public ReleasePackage? ResolvePackage(string? name)
    {
        if (name is null)
        {
            return null;
        }

        return _options.Packages.Find(package => string.Equals(package.Name, name, StringComparison.Ordinal))
            ?? throw new LightningException(ErrorKind.NotFound, "git.unknown_package",
                $"No package '{name}' is configured (known: {(_options.Packages.Count == 0 ? "none" : string.Join(", ", _options.Packages.Select(p => p.Name)))}).");
    }
}
