using System.CommandLine;
using System.CommandLine.Parsing;
using Lightning.Cli.Output;
using Lightning.Core.Errors;
using Lightning.Git.Releases;
using Lightning.Git.Repositories;

namespace Lightning.Cli.Commands;

/// <summary>
/// Commits the staged changes with a message given or generated from the staged diff. With <c>--all</c> every change is
/// staged first; if the commit then fails, the index is put back as it was, so a failed command leaves nothing behind.
/// </summary>
internal sealed class GitCommitCommand : GitLocalCommand
{
    readonly Option<string> _message = new("--message", "-m") { Description = "The commit message", HelpName = "MSG" };
    readonly Option<bool> _generate = new("--generate") { Description = "Write a Conventional Commit message from the staged diff (an LLM writes the body when LIGHTNING_LLM_* is set)" };
    readonly Option<bool> _all = new("--all", "-a") { Description = "Stage every change first, untracked files and deletions included (git add -A)" };
    readonly Option<bool> _dryRun = new("--dry-run") { Description = "Print the message and the staged files; commit nothing" };

    public GitCommitCommand(CliContext context, Option<string> path)
        : base("commit", "Commit the staged changes with -m MSG or a generated Conventional Commit message (--generate)", context, path, commitsAsUser: true)
    {
        Add(_message);
        Add(_generate);
        Add(_all);
        Add(_dryRun);
        Validators.Add(Validate);
    }

    void Validate(CommandResult result)
    {
        var message = result.GetValue(_message);
        var generate = result.GetValue(_generate);
        if (message is null == !generate)
        {
            result.AddError("Give the message with -m MSG or --generate (one of them).");
        }
        else if (message is not null && string.IsNullOrWhiteSpace(message))
        {
            result.AddError("-m needs a message that is not empty.");
        }

        if (result.GetValue(_dryRun) && result.GetValue(_all))
        {
            // Staging is a change; a dry run must not make one.
            result.AddError("--dry-run looks at what is staged and cannot be combined with --all.");
        }
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var repository = git.Service<GitRepositoryService>();
        var cli = git.Service<GitCli>();
        if (git.Value(_dryRun))
        {
            return await DryRunAsync(git, cancellationToken);
        }

        string? indexTree = null;
        if (git.Value(_all))
        {
            // write-tree records the index exactly (and refuses a conflicted one before anything changes).
            indexTree = (await cli.RunAsync(git.Root, ["write-tree"], cancellationToken)).StandardOutput.Trim();
            await repository.StageAsync(git.Root, null, cancellationToken);
        }

        GitCommit commit;
        GeneratedCommitMessage? generated = null;
        try
        {
            var message = git.Value(_message);
            if (message is null)
            {
                generated = await git.Service<CommitMessageGenerator>().GenerateAsync(git.Root, cancellationToken);
                message = generated.Message;
            }

            commit = await repository.CommitAsync(git.Root, message, allowEmpty: false, amend: false, cancellationToken);
        }
        catch (Exception ex) when (indexTree is not null && ex is LightningException or OperationCanceledException)
        {
            await cli.RunAsync(git.Root, ["read-tree", indexTree], CancellationToken.None);
            throw;
        }

        if (git.Json)
        {
            git.WriteJson(new { commit, generated });
            return ExitCodes.Ok;
        }

        var status = await repository.StatusAsync(git.Root, cancellationToken);
        await git.Output.WriteLineAsync($"[{status.Branch ?? "detached HEAD"} {GitText.Short(commit.Sha)}] {commit.Subject}");
        if (commit.Body.Length > 0)
        {
            await git.Output.WriteLineAsync();
            await git.Output.WriteLineAsync(commit.Body);
        }

        return ExitCodes.Ok;
    }

    async Task<int> DryRunAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var message = git.Value(_message);
        GeneratedCommitMessage? generated = null;
        if (message is null)
        {
            generated = await git.Service<CommitMessageGenerator>().GenerateAsync(git.Root, cancellationToken);
            message = generated.Message;
        }

        var status = await git.Service<GitRepositoryService>().StatusAsync(git.Root, cancellationToken);
        var staged = status.Entries.Where(entry => entry.Index is not GitChangeKind.Unmodified and not GitChangeKind.Untracked).ToList();
        if (git.Json)
        {
            git.WriteJson(new { message, generated, staged });
            return ExitCodes.Ok;
        }

        await git.Output.WriteLineAsync(message);
        await git.Output.WriteLineAsync();
        await git.Output.WriteLineAsync(staged.Count == 0
            ? "Nothing is staged: the commit would fail."
            : $"Would commit {staged.Count} staged file(s); nothing was committed:");
        foreach (var entry in staged)
        {
            await git.Output.WriteLineAsync($"  {GitText.Change(entry.Index)}: {entry.Path}");
        }

        return ExitCodes.Ok;
    }
}
