using Lightning.Core.Errors;
using LibGit2Sharp;

namespace Lightning.Git.Repositories;

public sealed partial class GitRepositoryService
{
    // Renames off: the same answer as `git status --no-renames`, and a status of a large tree need not hash-compare
    // every added/deleted pair. Untracked folders are listed file by file, as `--untracked-files=all`.
    static readonly StatusOptions StatusOptions = new()
    {
        Show = StatusShowOption.IndexAndWorkDir,
        DetectRenamesInIndex = false,
        DetectRenamesInWorkDir = false,
        IncludeUntracked = true,
        RecurseUntrackedDirs = true,
        IncludeIgnored = false,
        IncludeUnaltered = false,
    };

    /// <summary>Status through LibGit2Sharp, in process; <see cref="StatusAsync"/> asks git (see GitRepositoryService.Backends.cs).</summary>
    internal Task<GitStatus> StatusInProcessAsync(string repositoryPath, CancellationToken cancellationToken) =>
        ReadAsync(repositoryPath, (repository, _) =>
        {
            var status = repository.RetrieveStatus(StatusOptions);
            var entries = new List<GitStatusEntry>();
            foreach (var entry in status)
            {
                var state = entry.State;
                if (state is FileStatus.Ignored or FileStatus.Unaltered)
                {
                    continue;
                }

                entries.Add(ToStatusEntry(entry.FilePath, state));
            }

            entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            var head = repository.Head;
            var detached = repository.Info.IsHeadDetached;
            var tracked = !detached && head.IsTracking ? head.TrackedBranch : null;
            var details = tracked?.Tip is null ? null : head.TrackingDetails;
            return new GitStatus(detached ? null : head.FriendlyName, head.Tip?.Sha, tracked?.FriendlyName,
                details?.AheadBy ?? 0, details?.BehindBy ?? 0, entries);
        }, cancellationToken);

    static GitStatusEntry ToStatusEntry(string path, FileStatus state)
    {
        if (state.HasFlag(FileStatus.Conflicted))
        {
            return new GitStatusEntry(path, GitChangeKind.Unmerged, GitChangeKind.Unmerged, false, true);
        }

        if (state == FileStatus.NewInWorkdir)
        {
            return new GitStatusEntry(path, GitChangeKind.Unmodified, GitChangeKind.Untracked, true, false);
        }

        var index = state.HasFlag(FileStatus.NewInIndex) ? GitChangeKind.Added
            : state.HasFlag(FileStatus.ModifiedInIndex) ? GitChangeKind.Modified
            : state.HasFlag(FileStatus.DeletedFromIndex) ? GitChangeKind.Deleted
            : state.HasFlag(FileStatus.RenamedInIndex) ? GitChangeKind.Renamed
            : state.HasFlag(FileStatus.TypeChangeInIndex) ? GitChangeKind.TypeChanged
            : GitChangeKind.Unmodified;
        var worktree = state.HasFlag(FileStatus.ModifiedInWorkdir) ? GitChangeKind.Modified
            : state.HasFlag(FileStatus.DeletedFromWorkdir) ? GitChangeKind.Deleted
            : state.HasFlag(FileStatus.RenamedInWorkdir) ? GitChangeKind.Renamed
            : state.HasFlag(FileStatus.TypeChangeInWorkdir) ? GitChangeKind.TypeChanged
            : GitChangeKind.Unmodified;
        return new GitStatusEntry(path, index, worktree, false, false);
    }

    /// <summary>The log through LibGit2Sharp, in process: what <see cref="LogAsync"/> uses for short logs.</summary>
    internal Task<IReadOnlyList<GitCommit>> LogInProcessAsync(string repositoryPath, GitLogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ValidateLogQuery(query);
        return ReadAsync<IReadOnlyList<GitCommit>>(repositoryPath, (repository, root) =>
        {
            var paths = RepositoryPaths.ConfineAll(root, query.Paths);
            // No sort: libgit2 then walks as git log does, a date-ordered queue that takes in parents as children are
            // output. A time sort would first load and sort the whole history, and put a clock-skewed merge ahead of its children.
            var filter = new CommitFilter { SortBy = CommitSortStrategies.None, FirstParentOnly = query.FirstParent };
            if (!SetRange(repository, query.Revision, filter))
            {
                return [];
            }

            var commits = new List<GitCommit>();
            var entries = new Dictionary<ObjectId, PathEntry[]>();
            var skipped = 0;
            var max = query.MaxCount ?? int.MaxValue;
            foreach (var commit in repository.Commits.QueryBy(filter))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (commits.Count >= max)
                {
                    break;
                }

                if (query.Since is not null || query.Until is not null)
                {
                    var when = commit.Committer.When;
                    if ((query.Since is { } since && when < since.AddTicks(-(since.Ticks % TimeSpan.TicksPerSecond)))
                        || (query.Until is { } until && when > until))
                    {
                        continue;
                    }
                }

                if (paths.Count > 0 && !Touches(commit, paths, query.FirstParent, entries))
                {
                    continue;
                }

                if (query.Author is { } author)
                {
                    var signature = commit.Author;
                    if (!$"{signature.Name} <{signature.Email}>".Contains(author, StringComparison.Ordinal))
                    {
                        continue;
                    }
                }

                if (query.Grep is { } grep && !MessageHasLine(commit.Message, grep))
                {
                    continue;
                }

                if (skipped < query.Skip)
                {
                    skipped++;
                    continue;
                }

                commits.Add(ToCommit(commit));
            }

            return commits;
        }, cancellationToken);
    }

    internal static void ValidateLogQuery(GitLogQuery query)
    {
        if (query.MaxCount is < 0 || query.Skip < 0)
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_query", "MaxCount and Skip cannot be negative.");
        }

        if (query.Author is { Length: 0 } || query.Grep is { Length: 0 }
            || (query.Author ?? string.Empty).Contains('\n', StringComparison.Ordinal)
            || (query.Grep ?? string.Empty).Contains('\n', StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_query", "Author and Grep must be non-empty single lines.");
        }

        if (query.Revision is { } revision && revision.Contains("...", StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_ref", "Symmetric ranges (a...b) are not supported; use a..b.");
        }
    }

    /// <summary>Points the walk at a revision or <c>a..b</c>; false when HEAD is unborn and nothing was asked for (no commits yet).</summary>
    static bool SetRange(Repository repository, string? revision, CommitFilter filter)
    {
        if (string.IsNullOrWhiteSpace(revision))
        {
            if (repository.Head.Tip is not { } tip)
            {
                return false;
            }

            filter.IncludeReachableFrom = tip;
            return true;
        }

        var range = revision.IndexOf("..", StringComparison.Ordinal);
        if (range < 0)
        {
            filter.IncludeReachableFrom = Resolve(repository, revision);
            return true;
        }

        var left = revision[..range];
        var right = revision[(range + 2)..];
        filter.ExcludeReachableFrom = Resolve(repository, left.Length == 0 ? "HEAD" : left);
        filter.IncludeReachableFrom = Resolve(repository, right.Length == 0 ? "HEAD" : right);
        return true;
    }

    /// <summary>
    /// Whether a commit changes one of the paths against a parent (any parent of a merge, only the first with
    /// first-parent): git's <c>--full-history</c> rule. Tree entries are compared by id and mode, no content is read;
    /// each commit's entries are looked up once, though it is compared both as child and as parent.
    /// </summary>
    static bool Touches(Commit commit, IReadOnlyList<string> paths, bool firstParent, Dictionary<ObjectId, PathEntry[]> seen)
    {
        var mine = EntriesOf(commit, paths, seen);
        var any = false;
        foreach (var parent in commit.Parents)
        {
            any = true;
            var theirs = EntriesOf(parent, paths, seen);
            for (var i = 0; i < mine.Length; i++)
            {
                if (mine[i] != theirs[i])
                {
                    return true;
                }
            }

            if (firstParent)
            {
                break;
            }
        }

        return !any && mine.Any(entry => entry.Id is not null);
    }

    static PathEntry[] EntriesOf(Commit commit, IReadOnlyList<string> paths, Dictionary<ObjectId, PathEntry[]> seen)
    {
        if (seen.Remove(commit.Id, out var known))
        {
            // A commit is asked for at most twice: as a parent, then as the commit being listed.
            return known;
        }

        var tree = commit.Tree;
        var entries = new PathEntry[paths.Count];
        for (var i = 0; i < paths.Count; i++)
        {
            if (string.Equals(paths[i], ".", StringComparison.Ordinal))
            {
                entries[i] = new PathEntry(tree.Count > 0 ? tree.Id : null, Mode.Directory);
            }
            else if (tree[paths[i]] is { } entry)
            {
                entries[i] = new PathEntry(entry.Target.Id, entry.Mode);
            }
        }

        seen[commit.Id] = entries;
        return entries;
    }

    readonly record struct PathEntry(ObjectId? Id, Mode Mode);

    static bool MessageHasLine(string message, string text)
    {
        foreach (var line in message.AsSpan().EnumerateLines())
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The diff through LibGit2Sharp, in process: what <see cref="DiffAsync"/> uses for the worktree and the index.</summary>
    internal Task<IReadOnlyList<GitDiffFile>> DiffInProcessAsync(string repositoryPath, GitDiffQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ValidateDiffQuery(query);
        return ReadAsync<IReadOnlyList<GitDiffFile>>(repositoryPath, (repository, root) =>
        {
            var paths = DiffPaths(root, query.Paths);
            var compare = CompareOptions(query.ContextLines);
            var explicitPaths = paths is null ? null : new ExplicitPathsOptions { ShouldFailOnUnmatchedPath = false };
            Patch patch;
            if (query.To is not null)
            {
                var from = Resolve(repository, query.From ?? "HEAD");
                var to = Resolve(repository, query.To);
                if (!query.IncludePatch)
                {
                    return StatsBetween(repository, from.Tree, to.Tree, paths, explicitPaths, compare);
                }

                patch = repository.Diff.Compare<Patch>(from.Tree, to.Tree, paths, explicitPaths, compare);
            }
            else
            {
                var from = query.From is null ? repository.Head.Tip?.Tree : Resolve(repository, query.From).Tree;
                var targets = query.Staged ? DiffTargets.Index : DiffTargets.Index | DiffTargets.WorkingDirectory;
                patch = repository.Diff.Compare<Patch>(from, targets, paths, explicitPaths, compare);
                if (!query.Staged)
                {
                    // LibGit2Sharp adds untracked files to a worktree diff, as additions; git diff leaves them out. A file
                    // that is in neither the index nor the base tree is untracked.
                    var index = repository.Index;
                    using (patch)
                    {
                        return ToDiffFiles(patch, query.IncludePatch,
                            entry => entry.Status is ChangeKind.Untracked || (entry.Status is ChangeKind.Added && index[entry.Path] is null));
                    }
                }
            }

            using (patch)
            {
                return ToDiffFiles(patch, query.IncludePatch);
            }
        }, cancellationToken);
    }

    internal static void ValidateDiffQuery(GitDiffQuery query)
    {
        if (query.ContextLines is < 0 or > 10_000)
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_query", "ContextLines must be between 0 and 10000.");
        }

        if (query.Staged && query.To is not null)
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_query", "A staged diff compares the index with From; To cannot be given.");
        }
    }

    static string[]? DiffPaths(string root, IReadOnlyList<string>? paths)
    {
        var confined = RepositoryPaths.ConfineAll(root, paths);
        return confined.Count == 0 || confined.Contains(".", StringComparer.Ordinal) ? null : [.. confined];
    }

    // Git's defaults, stated so that user configuration cannot make the two back-ends disagree: Myers, the indent
    // heuristic, renames at 50% similarity, hunks merged only when they touch.
    static CompareOptions CompareOptions(int contextLines) => new()
    {
        ContextLines = contextLines,
        InterhunkLines = 0,
        Similarity = SimilarityOptions.Renames,
        IndentHeuristic = true,
        Algorithm = DiffAlgorithm.Myers,
    };

    static List<GitDiffFile> ToDiffFiles(Patch patch, bool includePatch, Func<PatchEntryChanges, bool>? leaveOut = null)
    {
        var files = new List<GitDiffFile>();
        foreach (var entry in patch)
        {
            if (leaveOut?.Invoke(entry) == true)
            {
                continue;
            }

            var binary = entry.IsBinaryComparison;
            var text = includePatch && !binary ? UnifiedDiff.FromFirstHunk(entry.Patch) : string.Empty;
            files.Add(new GitDiffFile(ToKind(entry.Status), entry.Path, entry.OldPath ?? entry.Path,
                binary ? 0 : entry.LinesAdded, binary ? 0 : entry.LinesDeleted, binary,
                text.Length == 0 ? [] : UnifiedDiff.Hunks(text), text));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <summary>
    /// Kinds, paths and line counts between two trees without producing patch text: the tree diff (with renames) names
    /// the files, <see cref="PatchStats"/> counts lines. Binary files count no lines there; a file with no counted
    /// line whose content changed is binary, and one whose content did not (a pure rename or mode change) is binary
    /// when git would say so: a NUL byte in its first 8000 bytes.
    /// </summary>
    static List<GitDiffFile> StatsBetween(Repository repository, Tree from, Tree to, string[]? paths, ExplicitPathsOptions? explicitPaths,
        CompareOptions compare)
    {
        var changes = repository.Diff.Compare<TreeChanges>(from, to, paths, explicitPaths, compare);
        using var stats = repository.Diff.Compare<PatchStats>(from, to, paths, explicitPaths, compare);
        var files = new List<GitDiffFile>(changes.Count);
        foreach (var change in changes)
        {
            var counted = stats[change.Path];
            int added = counted?.LinesAdded ?? 0, deleted = counted?.LinesDeleted ?? 0;
            var binary = added == 0 && deleted == 0 && IsBinaryWithoutLines(repository, change);
            files.Add(new GitDiffFile(ToKind(change.Status), change.Path, change.OldPath ?? change.Path, added, deleted, binary, [], string.Empty));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    static bool IsBinaryWithoutLines(Repository repository, TreeEntryChanges change)
    {
        if (change.Mode == Mode.GitLink || change.OldMode == Mode.GitLink)
        {
            return false;
        }

        if (change.Oid != change.OldOid)
        {
            return (change.Exists && Size(change.Oid) > 0) || (change.OldExists && Size(change.OldOid) > 0);
        }

        if (!change.Exists || repository.Lookup<Blob>(change.Oid) is not { } blob)
        {
            return false;
        }

        using var content = blob.GetContentStream();
        Span<byte> head = stackalloc byte[8000];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head[..read].Contains((byte)0);

        long Size(ObjectId id) => repository.ObjectDatabase.RetrieveObjectMetadata(id).Size;
    }

    static GitChangeKind ToKind(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => GitChangeKind.Added,
        ChangeKind.Deleted => GitChangeKind.Deleted,
        ChangeKind.Modified => GitChangeKind.Modified,
        ChangeKind.Renamed => GitChangeKind.Renamed,
        ChangeKind.Copied => GitChangeKind.Copied,
        ChangeKind.TypeChanged => GitChangeKind.TypeChanged,
        ChangeKind.Untracked => GitChangeKind.Untracked,
        ChangeKind.Conflicted => GitChangeKind.Unmerged,
        _ => GitChangeKind.Unmodified,
    };

    /// <summary>Who last changed each line of <paramref name="file"/> as of <paramref name="revision"/> (HEAD when null).</summary>
    public Task<IReadOnlyList<GitBlameLine>> BlameAsync(string repositoryPath, string file, string? revision, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<GitBlameLine>>(repositoryPath, (repository, root) =>
        {
            var path = RepositoryPaths.Confine(root, file);
            var commit = Resolve(repository, revision ?? "HEAD");
            if ((string.Equals(path, ".", StringComparison.Ordinal) ? null : commit[path])?.Target is not Blob blob)
            {
                throw new LightningException(ErrorKind.NotFound, "git.unknown_path", $"'{file}' is not a file in {commit.Sha[..12]}.");
            }

            var lines = SplitLines(blob.GetContentText());
            var result = new GitBlameLine[lines.Count];
            foreach (var hunk in repository.Blame(path, new BlameOptions { StartingAt = commit }))
            {
                var signature = hunk.FinalSignature;
                var sha = hunk.FinalCommit.Sha;
                for (var i = 0; i < hunk.LineCount; i++)
                {
                    var number = hunk.FinalStartLineNumber + i;
                    if (number < lines.Count)
                    {
                        result[number] = new GitBlameLine(number + 1, sha, signature.Name, signature.Email, signature.When, lines[number]);
                    }
                }
            }

            return result;
        }, cancellationToken);

    internal static List<string> SplitLines(string text)
    {
        var lines = new List<string>(text.Split('\n'));
        if (text.Length == 0 || text.EndsWith('\n'))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    /// <summary>One commit by ref or sha.</summary>
    public Task<GitCommit> GetCommitAsync(string repositoryPath, string revision, CancellationToken cancellationToken) =>
        ReadAsync(repositoryPath, (repository, _) => ToCommit(Resolve(repository, revision)), cancellationToken);

    /// <summary>A commit and its changes against its first parent, with patches.</summary>
    public Task<GitCommitDetails> ShowAsync(string repositoryPath, string revision, int contextLines, CancellationToken cancellationToken)
    {
        ValidateDiffQuery(new GitDiffQuery { ContextLines = contextLines });
        return ReadAsync(repositoryPath, (repository, _) =>
        {
            var commit = Resolve(repository, revision);
            var parent = commit.Parents.FirstOrDefault();
            using var patch = repository.Diff.Compare<Patch>(parent?.Tree, commit.Tree, CompareOptions(contextLines));
            return new GitCommitDetails(ToCommit(commit), ToDiffFiles(patch, includePatch: true));
        }, cancellationToken);
    }

    /// <summary>The full sha of the commit a ref, tag or sha names.</summary>
    public Task<string> ResolveRefAsync(string repositoryPath, string revision, CancellationToken cancellationToken) =>
        ReadAsync(repositoryPath, (repository, _) => Resolve(repository, revision).Sha, cancellationToken);
}
