using System.CommandLine;
using Lightning.Git.Repositories;

namespace Lightning.Cli.Commands;

internal sealed class GitTagDeleteCommand : GitLocalCommand
{
    readonly Argument<string> _name = new("NAME") { Description = "The tag to delete (locally; remotes keep theirs)" };

    public GitTagDeleteCommand(CliContext context, Option<string> path)
        : base("delete", "Delete a tag", context, path)
    {
        Add(_name);
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var name = git.Required(_name);
        await git.Service<GitRepositoryService>().DeleteTagAsync(git.Root, name, cancellationToken);
        if (git.Json)
        {
            git.WriteJson(new { deleted = name });
            return ExitCodes.Ok;
        }

        await git.Output.WriteLineAsync($"Deleted tag '{name}'.");
        return ExitCodes.Ok;
    }
}
