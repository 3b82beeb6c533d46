using Lightning.Core.Errors;
using LibGit2Sharp;

namespace Lightning.Git.Repositories;

public sealed partial class GitRepositoryService
{
    /// <summary>
    /// Local and remote-tracking branches (sorted by full ref name, locals first), each with its tip, upstream and
    /// ahead/behind against that upstream and against the default branch. Read in process.
    /// </summary>
    public Task<IReadOnlyList<GitBranch>> ListBranchesAsync(string repositoryPath, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<GitBranch>>(repositoryPath, (repository, _) =>
        {
            var defaultName = DefaultBranchName(repository);
            var defaultTip = defaultName is null ? null
                : repository.Branches[defaultName]?.Tip ?? repository.Branches["origin/" + defaultName]?.Tip;
            var branches = new List<GitBranch>();
            foreach (var branch in repository.Branches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (branch.Tip is not { } tip || (branch.IsRemote && branch.CanonicalName.EndsWith("/HEAD", StringComparison.Ordinal)))
                {
                    continue;
                }

                var tracked = !branch.IsRemote && branch.IsTracking ? branch.TrackedBranch : null;
                var details = tracked?.Tip is null ? null : branch.TrackingDetails;
                int? aheadOfDefault = null, behindDefault = null;
                if (defaultTip is not null)
                {
                    if (tip.Id == defaultTip.Id)
                    {
                        (aheadOfDefault, behindDefault) = (0, 0);
                    }
                    else
                    {
                        var divergence = repository.ObjectDatabase.CalculateHistoryDivergence(tip, defaultTip);
                        (aheadOfDefault, behindDefault) = (divergence.AheadBy, divergence.BehindBy);
                    }
                }

                branches.Add(new GitBranch(branch.FriendlyName, branch.CanonicalName, branch.IsRemote, branch.IsCurrentRepositoryHead,
                    tip.Sha, tracked?.FriendlyName, details?.AheadBy, details?.BehindBy, aheadOfDefault, behindDefault));
            }

            branches.Sort((a, b) => string.CompareOrdinal(a.CanonicalName, b.CanonicalName));
            return branches;
        }, cancellationToken);

    /// <summary>
    /// The default branch's short name: what <c>origin/HEAD</c> points at; else <c>init.defaultBranch</c>, <c>main</c> or
    /// <c>master</c>, the first that exists; else the current branch; null in a repository with no branch at all.
    /// </summary>
    public Task<string?> DefaultBranchAsync(string repositoryPath, CancellationToken cancellationToken) =>
        ReadAsync(repositoryPath, (repository, _) => DefaultBranchName(repository), cancellationToken);

    static string? DefaultBranchName(Repository repository)
    {
        if (repository.Refs["refs/remotes/origin/HEAD"] is SymbolicReference { Target: { } target }
            && target.CanonicalName.StartsWith("refs/remotes/origin/", StringComparison.Ordinal))
        {
            return target.CanonicalName["refs/remotes/origin/".Length..];
        }

        var configured = repository.Config.Get<string>("init.defaultBranch")?.Value;
        foreach (var candidate in new[] { configured, "main", "master" })
        {
            if (candidate is not null && repository.Branches[candidate] is { Tip: not null })
            {
                return candidate;
            }
        }

        return repository.Info.IsHeadDetached || repository.Head.Tip is null ? null : repository.Head.FriendlyName;
    }

    /// <summary>Creates branch <paramref name="name"/> at <paramref name="startPoint"/> (HEAD when null) without switching to it.</summary>
    public async Task<GitBranch> CreateBranchAsync(string repositoryPath, string name, string? startPoint, CancellationToken cancellationToken)
    {
        var root = RequireRepository(repositoryPath);
        await ValidBranchNameAsync(root, name, cancellationToken);
        var sha = await CommitShaAsync(root, startPoint ?? "HEAD", cancellationToken);
        await EnsureNoBranchAsync(root, name, cancellationToken);
        await _git.RunAsync(root, ["branch", "--no-track", name, sha], cancellationToken);
        Log.BranchCreated(_logger, name, sha, root);
        return await BranchAsync(root, name, cancellationToken);
    }

    /// <summary>
    /// Switches the worktree to branch <paramref name="name"/>; with <paramref name="create"/>, creates it first at
    /// <paramref name="startPoint"/> (HEAD when null). Local changes that the switch would overwrite fail with
    /// <c>git.dirty_worktree</c> and nothing is touched; other local changes are carried over, as git does.
    /// </summary>
    public async Task SwitchAsync(string repositoryPath, string name, bool create, string? startPoint, CancellationToken cancellationToken)
    {
        var root = RequireRepository(repositoryPath);
        await ValidBranchNameAsync(root, name, cancellationToken);
        if (create)
        {
            var sha = await CommitShaAsync(root, startPoint ?? "HEAD", cancellationToken);
            await EnsureNoBranchAsync(root, name, cancellationToken);
            await _git.RunAsync(root, ["switch", "--quiet", "--no-track", "--create", name, sha], cancellationToken);
        }
        else
        {
            if (startPoint is not null)
            {
                throw new LightningException(ErrorKind.Invalid, "git.invalid_query", "A start point is only used when creating the branch.");
            }

            // An existing remote-tracking branch origin/<name> is taken up as a new local branch, as git switch does.
            await _git.RunAsync(root, ["switch", "--quiet", name], cancellationToken);
        }

        Log.Switched(_logger, name, root);
    }

    /// <summary>Renames a local branch (the current one too); <c>git.branch_exists</c> when the new name is taken.</summary>
    public async Task<GitBranch> RenameBranchAsync(string repositoryPath, string name, string newName, CancellationToken cancellationToken)
    {
        var root = RequireRepository(repositoryPath);
        await ValidBranchNameAsync(root, newName, cancellationToken);
        await EnsureBranchAsync(root, name, cancellationToken);
        await EnsureNoBranchAsync(root, newName, cancellationToken);
        await _git.RunAsync(root, ["branch", "--move", name, newName], cancellationToken);
        Log.BranchRenamed(_logger, name, newName, root);
        return await BranchAsync(root, newName, cancellationToken);
    }

    /// <summary>
    /// Deletes a local branch. One whose commits are not merged into HEAD (or its upstream) is refused with
    /// <c>git.branch_not_merged</c> unless <paramref name="force"/>; the current branch with <c>git.branch_current</c>.
    /// </summary>
    public async Task DeleteBranchAsync(string repositoryPath, string name, bool force, CancellationToken cancellationToken)
    {
        var root = RequireRepository(repositoryPath);
        await EnsureBranchAsync(root, name, cancellationToken);
        var current = await _git.RunAsync(root, ["symbolic-ref", "--quiet", "--short", "HEAD"], cancellationToken, Answer01);
        if (current.ExitCode == 0 && string.Equals(current.StandardOutput.Trim(), name, StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Conflict, "git.branch_current", $"'{name}' is the current branch; switch to another before deleting it.");
        }

        List<string> arguments = ["branch", force ? "-D" : "-d", name];
        var result = await _git.RunAsync(root, arguments, cancellationToken, Answer01);
        if (result.ExitCode != 0)
        {
            throw result.StandardError.Contains("not fully merged", StringComparison.Ordinal)
                ? new LightningException(ErrorKind.Conflict, "git.branch_not_merged",
                    $"Branch '{name}' has commits that are not merged; delete it with force to drop them.")
                : GitCli.Failure(arguments, result);
        }

        Log.BranchDeleted(_logger, name, root);
    }

    async Task EnsureNoBranchAsync(string root, string name, CancellationToken cancellationToken)
    {
        if (await RefExistsAsync(root, "refs/heads/" + name, cancellationToken))
        {
            throw new LightningException(ErrorKind.Conflict, "git.branch_exists", $"A branch named '{name}' already exists.");
        }
    }

    async Task EnsureBranchAsync(string root, string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.StartsWith('-') || !await RefExistsAsync(root, "refs/heads/" + name, cancellationToken))
        {
            throw new LightningException(ErrorKind.NotFound, "git.unknown_ref", $"There is no branch named '{name}'.");
        }
    }

    async Task<GitBranch> BranchAsync(string root, string name, CancellationToken cancellationToken) =>
        (await ListBranchesAsync(root, cancellationToken)).Single(branch => string.Equals(branch.CanonicalName, "refs/heads/" + name, StringComparison.Ordinal));
}
