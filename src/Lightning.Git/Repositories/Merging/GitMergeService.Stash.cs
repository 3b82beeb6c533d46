using System.Globalization;
using Lightning.Core.Errors;

namespace Lightning.Git.Repositories.Merging;

public sealed partial class GitMergeService
{
    /// <summary>
    /// Stashes the worktree's changes (and untracked files when asked) and cleans it; <c>git.nothing_to_stash</c> when
    /// there are none. Returns the new entry, <c>stash@{0}</c>.
    /// </summary>
    public async Task<GitStashEntry> StashSaveAsync(string repositoryPath, string? message, bool includeUntracked, CancellationToken cancellationToken)
    {
        var repository = await OpenAsync(repositoryPath, cancellationToken);
        await EnsureIdleAsync(repository, cancellationToken);
        var before = await StashTopAsync(repository, cancellationToken);
        List<string> arguments = ["stash", "push", "--quiet"];
        if (includeUntracked)
        {
            arguments.Add("--include-untracked");
        }

        if (!string.IsNullOrEmpty(message))
        {
            arguments.AddRange(["--message", message]);
        }

        await git.RunAsync(repository.Root, arguments, cancellationToken);
        var entries = await ListAsync(repository, cancellationToken);
        if (entries.Count == 0 || string.Equals(entries[0].Commit, before, StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Conflict, "git.nothing_to_stash", "There are no local changes to stash.");
        }

        Log.Stash(_logger, "saved", 0);
        return entries[0];
    }

    /// <summary>The stash entries, newest first.</summary>
    public async Task<IReadOnlyList<GitStashEntry>> StashListAsync(string repositoryPath, CancellationToken cancellationToken)
    {
        var repository = await OpenAsync(repositoryPath, cancellationToken);
        return await ListAsync(repository, cancellationToken);
    }

    /// <summary>
    /// Applies <c>stash@{index}</c> to a clean worktree (and drops it when <paramref name="pop"/> and it applied cleanly;
    /// on conflicts git keeps the entry). Conflicts are reported as for a merge; <see cref="AbortAsync"/> undoes them.
    /// </summary>
    public async Task<GitApplyResult> StashApplyAsync(string repositoryPath, int index, bool pop, CancellationToken cancellationToken)
    {
        var repository = await OpenAsync(repositoryPath, cancellationToken);
        await EnsureIdleAsync(repository, cancellationToken);
        await EnsureStashAsync(repository, index, cancellationToken);
        await EnsureCleanAsync(repository, cancellationToken);
        string[] arguments = ["stash", pop ? "pop" : "apply", "--quiet", StashName(index)];
        var result = await git.RunAsync(repository.Root, arguments, cancellationToken, new GitCliRequest { AcceptedExitCodes = ZeroOrOne });
        var conflicts = await ConflictListAsync(repository, cancellationToken);
        if (conflicts.Count > 0)
        {
            Log.Stash(_logger, "conflicted", index);
            return new GitApplyResult(GitApplyOutcome.Conflicted, [], conflicts);
        }

        if (!result.Succeeded)
        {
            throw GitCli.Failure(arguments, result);
        }

        Log.Stash(_logger, pop ? "popped" : "applied", index);
        return new GitApplyResult(GitApplyOutcome.Done, [], []);
    }

    /// <summary>Deletes <c>stash@{index}</c>; the entries after it move up by one.</summary>
    public async Task StashDropAsync(string repositoryPath, int index, CancellationToken cancellationToken)
    {
        var repository = await OpenAsync(repositoryPath, cancellationToken);
        await EnsureStashAsync(repository, index, cancellationToken);
        await git.RunAsync(repository.Root, ["stash", "drop", "--quiet", StashName(index)], cancellationToken);
        Log.Stash(_logger, "dropped", index);
    }

    async Task EnsureStashAsync(RepositoryContext repository, int index, CancellationToken cancellationToken)
    {
        var count = (await ListAsync(repository, cancellationToken)).Count;
        if (index < 0 || index >= count)
        {
            throw new LightningException(ErrorKind.NotFound, "git.unknown_stash", $"There is no stash entry {index} (the stash holds {count}).");
        }
    }

    async Task<string?> StashTopAsync(RepositoryContext repository, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(repository.Root, ["rev-parse", "--verify", "--quiet", "refs/stash"], cancellationToken,
            new GitCliRequest { AcceptedExitCodes = ZeroOrOne });
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    async Task<IReadOnlyList<GitStashEntry>> ListAsync(RepositoryContext repository, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(repository.Root, ["stash", "list", "-z", "--format=%H%x1f%gs%x1f%ct"], cancellationToken);
        var entries = new List<GitStashEntry>();
        foreach (var record in result.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = record.Split('\x1f');
            var subject = fields[1];
            entries.Add(new GitStashEntry(
                entries.Count,
                fields[0],
                subject,
                BranchOf(subject),
                DateTimeOffset.FromUnixTimeSeconds(long.Parse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture))));
        }

        return entries;
    }

    /// <summary>git's stash subjects read "On &lt;branch&gt;: message" or "WIP on &lt;branch&gt;: &lt;sha&gt; subject".</summary>
    static string? BranchOf(string subject)
    {
        var rest = subject.StartsWith("WIP on ", StringComparison.Ordinal) ? subject[7..]
            : subject.StartsWith("On ", StringComparison.Ordinal) ? subject[3..]
            : null;
        var colon = rest?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 ? rest![..colon] : null;
    }

    static string StashName(int index) => string.Create(CultureInfo.InvariantCulture, $"stash@{{{index}}}");
}
