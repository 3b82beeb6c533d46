using System.Globalization;
using Lightning.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Git.Repositories.Merging;

/// <summary>
/// Merges, conflict resolution, stash, cherry-pick and revert on a repository with a worktree, all through the git
/// program (its merge machinery is the reference). Every operation checks its preconditions before it starts, so a
/// refusal leaves the repository exactly as it was.
/// </summary>
public sealed partial class GitMergeService(GitCli git, ILogger<GitMergeService>? logger = null)
{
    static readonly IReadOnlyList<int> ZeroOrOne = [0, 1];
    readonly ILogger _logger = logger ?? NullLogger<GitMergeService>.Instance;

    /// <summary>
    /// Merges <see cref="GitMergeRequest.Source"/> into the checked-out branch. Refuses a dirty worktree
    /// (<c>git.dirty_worktree</c>), an operation already in progress (<c>git.merge_in_progress</c>), an unknown source
    /// (<c>git.unknown_ref</c>) and an impossible fast-forward-only merge (<c>git.not_fast_forward</c>).
    /// </summary>
    public async Task<GitMergeResult> MergeAsync(string repositoryPath, GitMergeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var repository = await OpenAsync(repositoryPath, cancellationToken);
        await EnsureIdleAsync(repository, cancellationToken);
        await EnsureCleanAsync(repository, cancellationToken);
        var source = await ResolveCommitAsync(repository, request.Source, cancellationToken);
        var head = await ResolveCommitAsync(repository, "HEAD", cancellationToken);

        if (await IsAncestorAsync(repository, source, head, cancellationToken))
        {
            return new GitMergeResult(GitMergeOutcome.UpToDate, head, []);
        }

        var canFastForward = await IsAncestorAsync(repository, head, source, cancellationToken);
        if (request.Mode == GitMergeMode.FastForwardOnly && !canFastForward)
        {
            throw new LightningException(ErrorKind.Conflict, "git.not_fast_forward",
                $"'{request.Source}' has diverged from the current branch, so it cannot be merged by fast-forward.");
        }

        List<string> arguments = ["merge", "--no-edit", request.Mode switch
        {
            GitMergeMode.FastForwardOnly => "--ff-only",
            GitMergeMode.NoFastForward => "--no-ff",
            _ => "--ff",
        }];
        if (request.Message is { } message)
        {
            arguments.AddRange(["-m", message]);
        }

        // The name, not the resolved id, so git's default message says "Merge branch 'x'"; it was validated above.
        arguments.AddRange(["--end-of-options", request.Source]);
        var result = await git.RunAsync(repository.Root, arguments, cancellationToken, new GitCliRequest { AcceptedExitCodes = ZeroOrOne });
        var conflicts = await ConflictListAsync(repository, cancellationToken);
        if (conflicts.Count > 0)
        {
            Log.MergeConflicted(_logger, request.Source, conflicts.Count);
            return new GitMergeResult(GitMergeOutcome.Conflicted, head, conflicts);
        }

        if (!result.Succeeded)
        {
            throw GitCli.Failure(arguments, result);
        }

        var after = await ResolveCommitAsync(repository, "HEAD", cancellationToken);
        var outcome = string.Equals(after, source, StringComparison.Ordinal) && canFastForward
            ? GitMergeOutcome.FastForwarded
            : GitMergeOutcome.Merged;
        Log.Merged(_logger, request.Source, outcome, after);
        return new GitMergeResult(outcome, after, []);
    }

    /// <summary>
    /// Makes the commit that finishes the operation in progress once nothing is conflicted any more
    /// (<c>git.unresolved_conflicts</c> otherwise); a cherry-pick or revert of several commits goes on with the rest
    /// and may stop on the next conflict.
    /// </summary>
    public async Task<GitApplyResult> ContinueAsync(string repositoryPath, string? message, CancellationToken cancellationToken)
    {
        var repository = await OpenAsync(repositoryPath, cancellationToken);
        var operation = OperationOf(repository);
        if (operation == GitOperation.None)
        {
            throw new LightningException(ErrorKind.Conflict, "git.no_operation", "There is no merge, cherry-pick, revert or rebase in progress to continue.");
        }

        var unresolved = await ConflictListAsync(repository, cancellationToken);
        if (unresolved.Count > 0)
        {
            throw new LightningException(ErrorKind.Conflict, "git.unresolved_conflicts",
                $"{unresolved.Count} file(s) are still conflicted: {string.Join(", ", unresolved.Take(10).Select(c => c.Path))}.");
        }

        var before = await ResolveCommitAsync(repository, "HEAD", cancellationToken);
        var noEditor = new GitCliRequest
        {
            AcceptedExitCodes = ZeroOrOne,
            Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["GIT_EDITOR"] = "true" },
        };
        if (message is not null && operation != GitOperation.Rebase)
        {
            await git.RunAsync(repository.Root, ["commit", "-m", message], cancellationToken);
        }
        else if (operation == GitOperation.Merge)
        {
            await git.RunAsync(repository.Root, ["commit", "--no-edit"], cancellationToken);
        }

        // After a commit of our own, a multi-commit cherry-pick or revert still has its sequencer to finish.
        operation = OperationOf(repository);
        if (operation != GitOperation.None)
        {
            string[] arguments = [operation switch
            {
                GitOperation.CherryPick => "cherry-pick",
                GitOperation.Revert => "revert",
                GitOperation.Rebase => "rebase",
                _ => "merge",
            }, "--continue"];
            var result = await git.RunAsync(repository.Root, arguments, cancellationToken, noEditor);
            var conflicts = await ConflictListAsync(repository, cancellationToken);
            if (conflicts.Count > 0)
            {
                return new GitApplyResult(GitApplyOutcome.Conflicted, await CommitsBetweenAsync(repository, before, cancellationToken), conflicts);
            }

            if (!result.Succeeded)
            {
                throw GitCli.Failure(arguments, result);
            }
        }

        return new GitApplyResult(GitApplyOutcome.Done, await CommitsBetweenAsync(repository, before, cancellationToken), []);
    }

    /// <summary>
    /// Stops the operation in progress and puts HEAD, index and worktree back as they were before it started. A stash
    /// apply that stopped on conflicts leaves no operation behind; its changes are discarded back to HEAD.
    /// </summary>
    public async Task<GitOperation> AbortAsync(string repositoryPath, CancellationToken cancellationToken)
    {
        var repository = await OpenAsync(repositoryPath, cancellationToken);
        var operation = OperationOf(repository);
        switch (operation)
        {
            case GitOperation.Merge:
                await git.RunAsync(repository.Root, ["merge", "--abort"], cancellationToken);
                break;
            case GitOperation.CherryPick:
                await git.RunAsync(repository.Root, ["cherry-pick", "--abort"], cancellationToken);
                break;
            case GitOperation.Revert:
                await git.RunAsync(repository.Root, ["revert", "--abort"], cancellationToken);
                break;
            case GitOperation.Rebase:
                await git.RunAsync(repository.Root, ["rebase", "--abort"], cancellationToken);
                break;
            default:
                if ((await ConflictListAsync(repository, cancellationToken)).Count == 0)
                {
                    throw new LightningException(ErrorKind.Conflict, "git.no_operation", "There is no merge, cherry-pick, revert or rebase in progress to abort.");
                }

                // Conflicts without an operation come from a stash apply, which this service only starts on a clean
                // worktree: back to HEAD is back to where it was.
                await git.RunAsync(repository.Root, ["reset", "-q", "--merge"], cancellationToken);
                break;
        }

        Log.Aborted(_logger, operation);
        return operation;
    }

    async Task<RepositoryContext> OpenAsync(string repositoryPath, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(repositoryPath) || !Path.IsPathFullyQualified(repositoryPath))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_path", "The repository path must be an absolute path.");
        }

        if (!Directory.Exists(repositoryPath))
        {
            throw new LightningException(ErrorKind.NotFound, "git.not_a_repository", $"There is no directory at '{repositoryPath}'.");
        }

        var result = await git.RunAsync(repositoryPath, ["rev-parse", "--is-bare-repository", "--absolute-git-dir"], cancellationToken);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (string.Equals(lines[0], "true", StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "git.bare_repository", "This operation needs a worktree, and the repository is bare.");
        }

        var top = await git.RunAsync(repositoryPath, ["rev-parse", "--show-toplevel"], cancellationToken);
        return new RepositoryContext(Path.GetFullPath(top.StandardOutput.Trim()), lines[1]);
    }

    static GitOperation OperationOf(RepositoryContext repository)
    {
        bool Has(string name) => File.Exists(Path.Combine(repository.GitDirectory, name));
        if (Has("MERGE_HEAD"))
        {
            return GitOperation.Merge;
        }

        if (Directory.Exists(Path.Combine(repository.GitDirectory, "rebase-merge")) || Directory.Exists(Path.Combine(repository.GitDirectory, "rebase-apply")))
        {
            return GitOperation.Rebase;
        }

        if (Has("CHERRY_PICK_HEAD"))
        {
            return GitOperation.CherryPick;
        }

        if (Has("REVERT_HEAD"))
        {
            return GitOperation.Revert;
        }

        // A cherry-pick or revert of several commits whose stopped step was committed by hand: the sequencer remains.
        var todo = Path.Combine(repository.GitDirectory, "sequencer", "todo");
        if (File.Exists(todo))
        {
            var first = File.ReadLines(todo).FirstOrDefault(line => line.Length > 0 && line[0] != '#') ?? string.Empty;
            return first.StartsWith("revert", StringComparison.Ordinal) ? GitOperation.Revert : GitOperation.CherryPick;
        }

        return GitOperation.None;
    }

    static Task EnsureIdleAsync(RepositoryContext repository, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var operation = OperationOf(repository);
        if (operation != GitOperation.None)
        {
            throw new LightningException(ErrorKind.Conflict, "git.merge_in_progress",
                $"A {Describe(operation)} is in progress; continue or abort it first.");
        }

        return Task.CompletedTask;
    }

    async Task EnsureCleanAsync(RepositoryContext repository, CancellationToken cancellationToken)
    {
        var status = await git.RunAsync(repository.Root, ["status", "--porcelain=v1", "-z", "--untracked-files=no"], cancellationToken);
        if (status.StandardOutput.Length > 0)
        {
            if ((await ConflictListAsync(repository, cancellationToken)).Count > 0)
            {
                throw new LightningException(ErrorKind.Conflict, "git.merge_in_progress", "The index holds unresolved conflicts; resolve or abort them first.");
            }

            var count = status.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries).Length;
            throw new LightningException(ErrorKind.Conflict, "git.dirty_worktree",
                $"The worktree has uncommitted changes ({count} path(s)); commit or stash them first.");
        }
    }

    async Task<string> ResolveCommitAsync(RepositoryContext repository, string revision, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(revision) || revision.StartsWith('-') || revision.Contains('\0', StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_ref", $"'{revision}' is not a valid reference.");
        }

        var result = await git.RunAsync(repository.Root, ["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"],
            cancellationToken, new GitCliRequest { AcceptedExitCodes = [0, 1, 128] });
        if (!result.Succeeded)
        {
            throw new LightningException(ErrorKind.NotFound, "git.unknown_ref", $"'{revision}' does not name a commit in this repository.");
        }

        return result.StandardOutput.Trim();
    }

    async Task<bool> IsAncestorAsync(RepositoryContext repository, string ancestor, string descendant, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(repository.Root, ["merge-base", "--is-ancestor", ancestor, descendant], cancellationToken,
            new GitCliRequest { AcceptedExitCodes = ZeroOrOne });
        return result.Succeeded;
    }

    async Task<IReadOnlyList<string>> CommitsBetweenAsync(RepositoryContext repository, string before, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(repository.Root, ["rev-list", "--reverse", "--first-parent", before + "..HEAD"], cancellationToken);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    static string Describe(GitOperation operation) => operation switch
    {
        GitOperation.CherryPick => "cherry-pick",
        _ => operation.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    sealed record RepositoryContext(string Root, string GitDirectory);

    static partial class Log
    {
        [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Merged {Source}: {Outcome}, head {Head}")]
        public static partial void Merged(ILogger logger, string source, GitMergeOutcome outcome, string head);

        [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Merge of {Source} stopped on {Count} conflicted file(s)")]
        public static partial void MergeConflicted(ILogger logger, string source, int count);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Aborted {Operation}")]
        public static partial void Aborted(ILogger logger, GitOperation operation);

        [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Resolved {Path} by {Side}")]
        public static partial void Resolved(ILogger logger, string path, GitResolutionSide side);

        [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Stash {Action} stash@{{{Index}}}")]
        public static partial void Stash(ILogger logger, string action, int index);

        [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "{Operation} made {Count} commit(s), {Conflicts} conflicted file(s)")]
        public static partial void Applied(ILogger logger, GitOperation operation, int count, int conflicts);
    }
}
