using System.Globalization;
using Lightning.Core.Errors;

namespace Lightning.Git.Repositories.Merging;

public sealed partial class GitMergeService
{
    /// <summary>
    /// Applies <paramref name="commits"/> in order onto the checked-out branch, one new commit each. Stops on the first
    /// conflict with the commits made so far; continue or abort from there.
    /// </summary>
    public async Task<GitApplyResult> CherryPickAsync(string repositoryPath, IReadOnlyList<string> commits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commits);
        if (commits.Count == 0)
        {
            throw new LightningException(ErrorKind.Invalid, "git.no_commits", "Name at least one commit to cherry-pick.");
        }

        var repository = await OpenAsync(repositoryPath, cancellationToken);
        await EnsureIdleAsync(repository, cancellationToken);
        await EnsureCleanAsync(repository, cancellationToken);
        var ids = new List<string>(commits.Count);
        foreach (var commit in commits)
        {
            ids.Add(await ResolveCommitAsync(repository, commit, cancellationToken));
        }

        return await ApplyAsync(repository, GitOperation.CherryPick, ["cherry-pick", .. ids], cancellationToken);
    }

    /// <summary>
    /// Makes a commit that undoes <paramref name="commit"/>; for a merge commit, <paramref name="mainline"/> names the
    /// parent (1-based) whose side is kept.
    /// </summary>
    public async Task<GitApplyResult> RevertAsync(string repositoryPath, string commit, int? mainline, CancellationToken cancellationToken)
    {
        if (mainline is < 1)
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_mainline", "The mainline parent number starts at 1.");
        }

        var repository = await OpenAsync(repositoryPath, cancellationToken);
        await EnsureIdleAsync(repository, cancellationToken);
        await EnsureCleanAsync(repository, cancellationToken);
        var id = await ResolveCommitAsync(repository, commit, cancellationToken);
        List<string> arguments = ["revert", "--no-edit"];
        if (mainline is { } parent)
        {
            arguments.AddRange(["--mainline", parent.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.Add(id);
        return await ApplyAsync(repository, GitOperation.Revert, arguments, cancellationToken);
    }

    async Task<GitApplyResult> ApplyAsync(RepositoryContext repository, GitOperation operation, List<string> arguments, CancellationToken cancellationToken)
    {
        var before = await ResolveCommitAsync(repository, "HEAD", cancellationToken);
        var result = await git.RunAsync(repository.Root, arguments, cancellationToken, new GitCliRequest { AcceptedExitCodes = ZeroOrOne });
        var conflicts = await ConflictListAsync(repository, cancellationToken);
        var made = await CommitsBetweenAsync(repository, before, cancellationToken);
        Log.Applied(_logger, operation, made.Count, conflicts.Count);
        if (conflicts.Count > 0)
        {
            return new GitApplyResult(GitApplyOutcome.Conflicted, made, conflicts);
        }

        if (!result.Succeeded)
        {
            // Not a conflict (a merge commit without a mainline, an empty pick): put back whatever git left behind.
            if (OperationOf(repository) != GitOperation.None)
            {
                await git.RunAsync(repository.Root, [arguments[0], "--abort"], cancellationToken, new GitCliRequest { AcceptedExitCodes = [0, 1, 128] });
            }

            throw GitCli.Failure(arguments, result);
        }

        return new GitApplyResult(GitApplyOutcome.Done, made, []);
    }
}
