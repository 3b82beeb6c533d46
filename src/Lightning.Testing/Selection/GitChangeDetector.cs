using Lightning.Core.Errors;
using Lightning.Git.Repositories;
using Lightning.Testing.Selection.Watch;

namespace Lightning.Testing.Selection;

/// <summary>
/// What changed in a git repository, with changed line ranges: the working tree (staged and unstaged changes against
/// HEAD, plus untracked files that are not ignored, outside the folders the watcher skips), or the changes between two
/// revisions (<c>git diff base head</c>).
/// A revision git does not know is <c>testing.unknown_ref</c> naming it (HTTP 400).
/// </summary>
public sealed class GitChangeDetector(GitCli git)
{
    public const string UnknownRefCode = "testing.unknown_ref";

    // The empty tree: what a repository without commits is compared with.
    const string EmptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    static readonly GitCliRequest Tolerant = new() { AcceptedExitCodes = [0, 1, 128], Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Staged, unstaged and untracked changes of <paramref name="repository"/> (a directory inside a work tree) against HEAD.</summary>
    public Task<ChangeSet> WorkingTreeAsync(string repository, CancellationToken cancellationToken) =>
        WorkingTreeAsync(repository, null, cancellationToken);

    /// <summary>The same, for <paramref name="paths"/> only (relative to <paramref name="repository"/>): what a watcher saw saved.</summary>
    public async Task<ChangeSet> WorkingTreeAsync(string repository, IReadOnlyList<string>? paths, CancellationToken cancellationToken)
    {
        var root = await TopLevelAsync(repository, cancellationToken);
        var head = await TryResolveAsync(root, "HEAD", cancellationToken);
        // Pathspecs taken literally (a file named "*.py" is that file), relative to the repository directory.
        string[] pathspec = paths is null ? [] : ["--", .. paths.Select(path => ":(literal)" + Path.GetRelativePath(root, Path.Combine(repository, path)).Replace('\\', '/'))];
        var diff = await git.RunAsync(root, [.. DiffArguments, head ?? EmptyTree, .. pathspec], cancellationToken);
        var files = GitDiffParser.Parse(diff.StandardOutput).ToList();
        var untracked = await git.RunAsync(root, ["ls-files", "--others", "--exclude-standard", "-z", .. pathspec], cancellationToken);
        // Untracked files in the folders the watcher skips are left out too: above all Lightning's own data directory
        // (./.lightning by default, so inside the repository when the CLI runs there), whose database changes on every run.
        foreach (var path in untracked.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries).Where(path => !FileChangeWatcher.IsIgnored(path)))
        {
            files.Add(new ChangedFile(path, ChangeKind.Added) { WholeFile = true });
        }

        return new ChangeSet(ChangeSet.WorkingTree, Narrow(files, root, repository)) { Base = head, BaseName = "HEAD" };
    }

    /// <summary>The changes from <paramref name="baseRef"/> to <paramref name="headRef"/> (commits, branches, tags, <c>HEAD~2</c>).</summary>
    public async Task<ChangeSet> BetweenAsync(string repository, string baseRef, string headRef, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseRef);
        ArgumentException.ThrowIfNullOrWhiteSpace(headRef);
        var root = await TopLevelAsync(repository, cancellationToken);
        var baseCommit = await ResolveAsync(root, baseRef, cancellationToken);
        var headCommit = await ResolveAsync(root, headRef, cancellationToken);
        var diff = await git.RunAsync(root, [.. DiffArguments, baseCommit, headCommit], cancellationToken);
        return new ChangeSet(ChangeSet.Commits, Narrow(GitDiffParser.Parse(diff.StandardOutput), root, repository))
        {
            Base = baseCommit,
            Head = headCommit,
            BaseName = baseRef,
            HeadName = headRef,
        };
    }

    /// <summary>The commit <paramref name="revision"/> names, or <c>testing.unknown_ref</c>.</summary>
    public async Task<string> ResolveAsync(string repository, string revision, CancellationToken cancellationToken)
    {
        // "--end-of-options" keeps a revision starting with "-" from being read as an option.
        if (string.IsNullOrWhiteSpace(revision) || revision.StartsWith('-') || revision.Contains('\0', StringComparison.Ordinal))
        {
            throw UnknownRef(revision);
        }

        return await TryResolveAsync(repository, revision.Trim(), cancellationToken) ?? throw UnknownRef(revision);
    }

    /// <summary>The commit of HEAD, or null in a repository without commits.</summary>
    public async Task<string?> HeadAsync(string repository, CancellationToken cancellationToken) =>
        await TryResolveAsync(await TopLevelAsync(repository, cancellationToken), "HEAD", cancellationToken);

    /// <summary>The work tree's top directory: git reports paths relative to it.</summary>
    public async Task<string> TopLevelAsync(string repository, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(repository, ["rev-parse", "--show-toplevel"], cancellationToken, Tolerant);
        if (result.ExitCode != 0)
        {
            throw new LightningException(ErrorKind.Invalid, "testing.not_a_git_repository",
                $"'{repository}' is not inside a git work tree, so changes cannot be read from git: {result.StandardError.Trim()}");
        }

        return Path.GetFullPath(result.StandardOutput.Trim());
    }

    static readonly string[] DiffArguments =
        ["-c", "core.quotePath=false", "diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames", "--src-prefix=a/", "--dst-prefix=b/"];

    async Task<string?> TryResolveAsync(string directory, string revision, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(directory, ["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], cancellationToken, Tolerant);
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
    }

    static LightningException UnknownRef(string revision) =>
        new(ErrorKind.Invalid, UnknownRefCode, $"Unknown revision '{revision}': it names no commit of this repository.");

    /// <summary>Paths relative to <paramref name="repository"/> when it is a folder below the work tree's top; files outside it are left out.</summary>
    static List<ChangedFile> Narrow(IEnumerable<ChangedFile> files, string root, string repository)
    {
        var prefix = Path.GetRelativePath(root, Path.GetFullPath(repository)).Replace('\\', '/');
        if (prefix == ".")
        {
            return files.ToList();
        }

        prefix += "/";
        return files.Where(file => file.Path.StartsWith(prefix, StringComparison.Ordinal))
            .Select(file => file with
            {
                Path = file.Path[prefix.Length..],
                OldPath = file.OldPath is { } old && old.StartsWith(prefix, StringComparison.Ordinal) ? old[prefix.Length..] : file.OldPath,
            })
            .ToList();
    }
}
