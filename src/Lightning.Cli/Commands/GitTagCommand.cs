using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Git.Repositories;

namespace Lightning.Cli.Commands;

/// <summary><c>git tag</c> alone lists, as <c>git tag list</c> does.</summary>
internal sealed class GitTagCommand : GitLocalCommand
{
    public GitTagCommand(CliContext context, Option<string> path)
        : base("tag", "List tags; create (annotated with --message) or delete one", context, path)
    {
        Add(new GitTagListCommand(context, path));
        Add(new GitTagCreateCommand(context, path));
        Add(new GitTagDeleteCommand(context, path));
    }

    protected override Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken) => ListAsync(git, cancellationToken);

    public static async Task<int> ListAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(git);
        var tags = await git.Service<GitRepositoryService>().ListTagsAsync(git.Root, cancellationToken);
        if (git.Json)
        {
            git.WriteJson(tags);
            return ExitCodes.Ok;
        }

        if (tags.Count == 0)
        {
            await git.Output.WriteLineAsync("No tags.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("TAG", "COMMIT", "KIND", "MESSAGE");
        foreach (var tag in tags)
        {
            table.Add(tag.Name, GitText.Short(tag.TargetSha), tag.IsAnnotated ? "annotated" : "lightweight", tag.Message?.Split('\n')[0]);
        }

        table.Write(git.Output);
        return ExitCodes.Ok;
    }
}
