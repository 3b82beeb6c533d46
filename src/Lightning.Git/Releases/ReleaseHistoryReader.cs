using System.Globalization;
using Lightning.Core.Errors;
using Lightning.Git.Repositories;

namespace Lightning.Git.Releases;

/// <summary>
/// Reads what releases need straight from git (one <c>git log</c>, one <c>git for-each-ref</c>), independent of the
/// repository service: commits with their raw messages, and the tags reachable from HEAD.
/// </summary>
public sealed class ReleaseHistoryReader(GitCli git)
{
    const char FieldSeparator = '\u001f';
    const char RecordSeparator = '\u001e';

    /// <summary>The work tree's root for a path inside it; <c>git.not_a_repository</c> when there is none.</summary>
    public async Task<string> RootAsync(string repositoryPath, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(repositoryPath) || !Directory.Exists(repositoryPath))
        {
            throw new LightningException(ErrorKind.Invalid, "git.not_a_repository", $"Not a git repository: '{repositoryPath}' is not a folder.");
        }

        var result = await git.RunAsync(repositoryPath, ["rev-parse", "--show-toplevel"], cancellationToken);
        return result.StandardOutput.Trim();
    }

    /// <summary>The commit HEAD names, or null in a repository without commits.</summary>
    public async Task<string?> HeadAsync(string root, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cancellationToken,
            new GitCliRequest { AcceptedExitCodes = [0, 1] });
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
    }

    /// <summary>
    /// Commits reachable from HEAD, newest first in topological order; only those after <paramref name="sinceSha"/>
    /// when given, and only those touching <paramref name="path"/> (repository-relative) when given.
    /// </summary>
    public async Task<IReadOnlyList<ReleaseCommit>> ReadCommitsAsync(string root, string? sinceSha, string? path, CancellationToken cancellationToken)
    {
        if (await HeadAsync(root, cancellationToken) is null)
        {
            return [];
        }

        List<string> arguments =
        [
            "-c", "log.showSignature=false", "log", "--topo-order", "--no-color", "--no-decorate",
            "--format=%H%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%B%x1e",
            sinceSha is null ? "HEAD" : sinceSha + "..HEAD",
        ];
        if (path is not null)
        {
            arguments.Add("--");
            arguments.Add(RepositoryPaths.Confine(root, path));
        }

        var result = await git.RunAsync(root, arguments, cancellationToken);
        var commits = new List<ReleaseCommit>();
        foreach (var record in result.StandardOutput.Split(RecordSeparator))
        {
            var text = record.TrimStart('\n');
            if (text.Length == 0)
            {
                continue;
            }

            var fields = text.Split(FieldSeparator, 6);
            commits.Add(new ReleaseCommit(
                fields[0],
                fields[1],
                fields[2],
                DateTimeOffset.Parse(fields[3], CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(fields[4], CultureInfo.InvariantCulture),
                fields[5].TrimEnd('\n')));
        }

        return commits;
    }

    /// <summary>The ids of the commits reachable from HEAD that touch <paramref name="path"/>.</summary>
    public async Task<IReadOnlySet<string>> CommitsTouchingAsync(string root, string path, CancellationToken cancellationToken)
    {
        if (await HeadAsync(root, cancellationToken) is null)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var result = await git.RunAsync(root, ["log", "--format=%H", "HEAD", "--", RepositoryPaths.Confine(root, path)], cancellationToken);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every tag whose commit is reachable from HEAD, annotated tags peeled to their commit.</summary>
    public async Task<IReadOnlyList<ReachableTag>> ReadTagsAsync(string root, CancellationToken cancellationToken)
    {
        if (await HeadAsync(root, cancellationToken) is null)
        {
            return [];
        }

        var result = await git.RunAsync(root,
            ["for-each-ref", "--merged=HEAD", "--format=%(refname:strip=2)%1f%(objecttype)%1f%(objectname)%1f%(*objecttype)%1f%(*objectname)", "refs/tags"],
            cancellationToken);
        var tags = new List<ReachableTag>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(FieldSeparator);
            if (string.Equals(fields[1], "commit", StringComparison.Ordinal))
            {
                tags.Add(new ReachableTag(fields[0], fields[2]));
            }
            else if (string.Equals(fields[3], "commit", StringComparison.Ordinal))
            {
                tags.Add(new ReachableTag(fields[0], fields[4]));
            }
        }

        return tags;
    }

    /// <summary>The tags reachable from HEAD that name a version of the repository, or of <paramref name="package"/>.</summary>
    public async Task<IReadOnlyList<VersionTag>> ReadVersionTagsAsync(string root, string tagPrefix, ReleasePackage? package, CancellationToken cancellationToken)
    {
        var tags = await ReadTagsAsync(root, cancellationToken);
        return tags
            .Select(tag => (tag, version: SemanticVersioning.ParseTag(tag.Name, tagPrefix, package)))
            .Where(pair => pair.version is not null)
            .Select(pair => new VersionTag(pair.tag.Name, pair.version!, pair.tag.CommitSha))
            .ToList();
    }
}
