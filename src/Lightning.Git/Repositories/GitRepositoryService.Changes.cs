using Lightning.Core.Errors;
using LibGit2Sharp;

namespace Lightning.Git.Repositories;

public sealed partial class GitRepositoryService
{
    // Paths are literal: a file named '*.cs' or ':x' means that file, never a glob or pathspec magic.
    static readonly Dictionary<string, string> LiteralPathspecs = new(StringComparer.Ordinal) { ["GIT_LITERAL_PATHSPECS"] = "1" };

    /// <summary>
    /// Stages <paramref name="paths"/> (files or folders, relative to the repository or absolute inside it), including
    /// deletions; everything when <paramref name="paths"/> is null or empty.
    /// </summary>
    public async Task StageAsync(string repositoryPath, IReadOnlyList<string>? paths, CancellationToken cancellationToken)
    {
        var root = RequireRepository(repositoryPath);
        var confined = RepositoryPaths.ConfineAll(root, paths);
        try
        {
            await _git.RunAsync(root, ["add", "--all", "--", .. confined.Count == 0 ? ["."] : confined], cancellationToken,
                new GitCliRequest { Environment = LiteralPathspecs });
        }
        catch (LightningException ex) when (ex.Message.Contains("pathspec", StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.NotFound, "git.unknown_path", $"Nothing to stage at {string.Join(", ", confined)}.", ex);
        }
    }

    /// <summary>Takes <paramref name="paths"/> (everything when null or empty) out of the index again, keeping the files.</summary>
    public async Task UnstageAsync(string repositoryPath, IReadOnlyList<string>? paths, CancellationToken cancellationToken)
    {
        var root = RequireRepository(repositoryPath);
        var confined = RepositoryPaths.ConfineAll(root, paths);
        string[] targets = confined.Count == 0 ? ["."] : [.. confined];
        var request = new GitCliRequest { Environment = LiteralPathspecs };
        if (await HasCommitsAsync(root, cancellationToken))
        {
            await _git.RunAsync(root, ["reset", "--quiet", "HEAD", "--", .. targets], cancellationToken, request);
        }
        else
        {
            // Before the first commit there is no HEAD to reset to: unstaging is removing from the index.
            await _git.RunAsync(root, ["rm", "--cached", "-r", "--quiet", "--ignore-unmatch", "--", .. targets], cancellationToken, request);
        }
    }

    /// <summary>
    /// Commits the index with <paramref name="message"/>, author and committer from <see cref="GitOptions"/>, and returns
    /// the new commit. Nothing staged is <c>git.nothing_to_commit</c> unless <paramref name="allowEmpty"/> or
    /// <paramref name="amend"/>; unresolved conflicts are <c>git.unresolved_conflicts</c>.
    /// </summary>
    public async Task<GitCommit> CommitAsync(string repositoryPath, string message, bool allowEmpty, bool amend, CancellationToken cancellationToken)
    {
        var root = RequireRepository(repositoryPath);
        if (string.IsNullOrWhiteSpace(message))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_message", "A commit message is required.");
        }

        var hasCommits = await HasCommitsAsync(root, cancellationToken);
        if (amend && !hasCommits)
        {
            throw new LightningException(ErrorKind.Conflict, "git.nothing_to_amend", "There is no commit to amend yet.");
        }

        using (var repository = Open(root))
        {
            if (repository.Index.Conflicts.Any())
            {
                throw new LightningException(ErrorKind.Conflict, "git.unresolved_conflicts",
                    "The index has unresolved conflicts; resolve and stage them before committing.");
            }

            // A merge being concluded may legitimately record HEAD's tree again.
            var concludingMerge = repository.Info.CurrentOperation != CurrentOperation.None;
            if (!allowEmpty && !amend && !concludingMerge && !await HasStagedChangesAsync(root, hasCommits, cancellationToken))
            {
                throw new LightningException(ErrorKind.Conflict, "git.nothing_to_commit", "Nothing is staged to commit.");
            }
        }

        // --cleanup=whitespace keeps lines starting with '#' (issue references) that the default would strip as comments.
        List<string> arguments = ["commit", "--quiet", "--file=-", "--cleanup=whitespace", "--no-gpg-sign"];
        if (allowEmpty)
        {
            arguments.Add("--allow-empty");
        }

        if (amend)
        {
            arguments.Add("--amend");
        }

        await _git.RunAsync(root, arguments, cancellationToken, new GitCliRequest { StandardInput = message });
        var commit = await GetCommitAsync(root, "HEAD", cancellationToken);
        Log.Committed(_logger, commit.Sha, root);
        return commit;
    }

    async Task<bool> HasCommitsAsync(string root, CancellationToken cancellationToken) =>
        (await _git.RunAsync(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cancellationToken, Answer01)).ExitCode == 0;

    async Task<bool> HasStagedChangesAsync(string root, bool hasCommits, CancellationToken cancellationToken)
    {
        if (!hasCommits)
        {
            return (await _git.RunAsync(root, ["ls-files", "--cached", "-z"], cancellationToken)).StandardOutput.Length > 0;
        }

        return (await _git.RunAsync(root, ["diff", "--cached", "--quiet", "--no-ext-diff"], cancellationToken, Answer01)).ExitCode == 1;
    }
}
