using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Git.Repositories;

namespace Lightning.Cli.Commands;

internal sealed class GitStatusCommand(CliContext context, Option<string> path)
    : GitLocalCommand("status", "Show the branch, its upstream, and staged, unstaged, untracked and conflicted files", context, path)
{
    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var status = await git.Service<GitRepositoryService>().StatusAsync(git.Root, cancellationToken);
        if (git.Json)
        {
            git.WriteJson(status);
            return ExitCodes.Ok;
        }

        await git.Output.WriteLineAsync(GitText.Head(status));
        if (status.IsClean)
        {
            await git.Output.WriteLineAsync("Nothing to commit, working tree clean.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("STAGED", "UNSTAGED", "PATH");
        foreach (var entry in status.Entries)
        {
            table.Add(entry.IsConflicted ? "conflicted" : GitText.Change(entry.Index),
                entry.IsConflicted ? "conflicted" : GitText.Change(entry.Worktree), entry.Path);
        }

        table.Write(git.Output);
        return ExitCodes.Ok;
    }
}
