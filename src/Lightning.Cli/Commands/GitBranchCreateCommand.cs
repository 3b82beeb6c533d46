using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Git.Repositories;

namespace Lightning.Cli.Commands;

internal sealed class GitBranchCreateCommand : GitLocalCommand
{
    readonly Argument<string> _name = new("NAME") { Description = "The new branch" };
    readonly Option<string> _from = new("--from") { Description = "Where it starts: a branch, tag or commit [default: HEAD]", HelpName = "REF" };

    public GitBranchCreateCommand(CliContext context, Option<string> path)
        : base("create", "Create a branch (without switching to it)", context, path)
    {
        Add(_name);
        Add(_from);
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var branch = await git.Service<GitRepositoryService>().CreateBranchAsync(git.Root, git.Required(_name), git.Value(_from), cancellationToken);
        if (git.Json)
        {
            git.WriteJson(branch);
            return ExitCodes.Ok;
        }

        await git.Output.WriteLineAsync($"Created branch '{branch.Name}' at {GitText.Short(branch.Sha)}.");
        return ExitCodes.Ok;
    }
}
