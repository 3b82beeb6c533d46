using System.CommandLine;
using System.CommandLine.Parsing;
using Lightning.Git.Repositories;

namespace Lightning.Cli.Commands;

internal sealed class GitBranchSwitchCommand : GitLocalCommand
{
    readonly Argument<string> _name = new("NAME") { Description = "The branch to switch to" };
    readonly Option<bool> _create = new("--create", "-c") { Description = "Create the branch first" };
    readonly Option<string> _from = new("--from") { Description = "With --create: where it starts [default: HEAD]", HelpName = "REF" };

    public GitBranchSwitchCommand(CliContext context, Option<string> path)
        : base("switch", "Switch to a branch, carrying unrelated local changes over; refuses to overwrite local changes", context, path)
    {
        Add(_name);
        Add(_create);
        Add(_from);
        Validators.Add(result =>
        {
            if (result.GetValue(_from) is not null && !result.GetValue(_create))
            {
                result.AddError("--from applies to a new branch: add --create.");
            }
        });
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var name = git.Required(_name);
        var create = git.Value(_create);
        await git.Service<GitRepositoryService>().SwitchAsync(git.Root, name, create, git.Value(_from), cancellationToken);
        if (git.Json)
        {
            git.WriteJson(new { branch = name, created = create });
            return ExitCodes.Ok;
        }

        await git.Output.WriteLineAsync(create ? $"Switched to a new branch '{name}'." : $"Switched to branch '{name}'.");
        return ExitCodes.Ok;
    }
}
