using System.CommandLine;

namespace Lightning.Cli.Commands;

/// <summary><c>git branch</c> alone lists, as <c>git branch list</c> does; the subcommands change branches.</summary>
internal sealed class GitBranchCommand : GitLocalCommand
{
    public GitBranchCommand(CliContext context, Option<string> path)
        : base("branch", "List branches with ahead/behind their upstream and the default branch; create, switch, rename, delete", context, path)
    {
        Add(new GitBranchListCommand(context, path));
        Add(new GitBranchCreateCommand(context, path));
        Add(new GitBranchSwitchCommand(context, path));
        Add(new GitBranchRenameCommand(context, path));
        Add(new GitBranchDeleteCommand(context, path));
    }

    protected override Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken) =>
        GitBranchListCommand.ListAsync(git, cancellationToken);
}
