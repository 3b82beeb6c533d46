using System.CommandLine;
using Lightning.Git.Repositories;

namespace Lightning.Cli.Commands;

internal sealed class GitBranchDeleteCommand : GitLocalCommand
{
    readonly Argument<string> _name = new("NAME") { Description = "The local branch to delete" };
    readonly Option<bool> _force = new("--force") { Description = "Delete it even when its commits are not merged anywhere" };

    public GitBranchDeleteCommand(CliContext context, Option<string> path)
        : base("delete", "Delete a local branch; refuses an unmerged one without --force, and the current one", context, path)
    {
        Add(_name);
        Add(_force);
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var name = git.Required(_name);
        await git.Service<GitRepositoryService>().DeleteBranchAsync(git.Root, name, git.Value(_force), cancellationToken);
        if (git.Json)
        {
            git.WriteJson(new { deleted = name });
            return ExitCodes.Ok;
        }

        await git.Output.WriteLineAsync($"Deleted branch '{name}'.");
        return ExitCodes.Ok;
    }
}
