namespace Lightning.Git.Repositories;

// Which back-end answers each read. Both give the same answers (GitCliReaderTests holds them equal on the same
// repositories); the choice is speed only, measured by `bench/Lightning.Benchmarks --only git` on a repository of 10,000
// commits and 5,000 files (docs/benchmarks.md has the runs):
// - status: the git CLI, by a small margin. Under load (medians of 7) the git back-end was 0.6-1.4x `git status
//   --porcelain=v2` (4 of 5 runs <= 1.11x), LibGit2Sharp 0.5-2.2x (3 of 4 runs >= 1.37x); a status of this repository
//   takes 15-40 ms and scheduling noise is as large as the difference. Parsing porcelain v2 costs next to nothing.
//   Run without optional locks, so a read never writes the index.
// - log: the git CLI for long logs, LibGit2Sharp for short ones. Walking 10,000 commits through LibGit2Sharp took
//   2.5x `git log` (every commit is a native object marshalled field by field); streamed from git and parsed from
//   spans it is one process plus parsing (1.2-1.35x under load, the parse of 10,000 messages being the rest). A log of a few commits is cheaper in process than the start of a process.
// - diff between two commits: the git CLI. LibGit2Sharp took 2.8x (numstat) and 5x (patch) `git diff`, since patch
//   text and line counts cross the native boundary line by line; through git, 1.1x (numstat) and 1.4x (patch, where
//   the rest is building 100,000 structured diff lines that `git diff` only prints).
// - diff of the worktree or the index: LibGit2Sharp, as before (not measured by the benchmark; the CLI would have
//   to refresh the index first).
public sealed partial class GitRepositoryService
{
    /// <summary>Logs asking for at most this many commits are read in process; longer ones by git.</summary>
    internal const int InProcessLogLimit = 100;

    /// <summary>The current branch, its upstream with ahead/behind, and every staged, unstaged, untracked or conflicted path.</summary>
    public Task<GitStatus> StatusAsync(string repositoryPath, CancellationToken cancellationToken) =>
        _cliReader.StatusAsync(repositoryPath, cancellationToken);

    /// <summary>Commits newest first (by committer date), filtered as <paramref name="query"/> says.</summary>
    public Task<IReadOnlyList<GitCommit>> LogAsync(string repositoryPath, GitLogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return UsesCliForLog(query)
            ? _cliReader.LogAsync(repositoryPath, query, cancellationToken)
            : LogInProcessAsync(repositoryPath, query, cancellationToken);
    }

    /// <summary>The files that differ, with line counts, and hunks and patch text when the query asks for them.</summary>
    public Task<IReadOnlyList<GitDiffFile>> DiffAsync(string repositoryPath, GitDiffQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.To is not null
            ? _cliReader.DiffAsync(repositoryPath, query, cancellationToken)
            : DiffInProcessAsync(repositoryPath, query, cancellationToken);
    }

    /// <summary>A log without a limit, or past <see cref="InProcessLogLimit"/> commits with what it skips, goes to git.</summary>
    internal static bool UsesCliForLog(GitLogQuery query) =>
        query.MaxCount is not { } max || (long)max + query.Skip > InProcessLogLimit;
}
