using System.CommandLine;
using Lightning.Git.Repositories;

namespace Lightning.Cli.Commands;

internal sealed class GitBranchRenameCommand : GitLocalCommand
{
    readonly Argument<string> _old = new("OLD") { Description = "The branch to rename" };
    readonly Argument<string> _new = new("NEW") { Description = "Its new name (must not exist)" };

    public GitBranchRenameCommand(CliContext context, Option<string> path)
        : base("rename", "Rename a local branch", context, path)
    {
        Add(_old);
        Add(_new);
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var oldName = git.Required(_old);
        var branch = await git.Service<GitRepositoryService>().RenameBranchAsync(git.Root, oldName, git.Required(_new), cancellationToken);
        if (git.Json)
        {
            git.WriteJson(branch);
            return ExitCodes.Ok;
        }

        await git.Output.WriteLineAsync($"Renamed branch '{oldName}' to '{branch.Name}'.");
        return ExitCodes.Ok;
    }
}
