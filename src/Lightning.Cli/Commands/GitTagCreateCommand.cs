using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Git.Repositories;

namespace Lightning.Cli.Commands;

internal sealed class GitTagCreateCommand : GitLocalCommand
{
    readonly Argument<string> _name = new("NAME") { Description = "The new tag" };
    readonly Option<string> _message = new("--message", "-m") { Description = "Make an annotated tag with this message (lightweight without)", HelpName = "MSG" };
    readonly Option<string> _target = new("--target") { Description = "The commit to tag [default: HEAD]", HelpName = "REF" };

    public GitTagCreateCommand(CliContext context, Option<string> path)
        : base("create", "Create a tag; annotated (you as tagger) with --message, lightweight without", context, path, commitsAsUser: true)
    {
        Add(_name);
        Add(_message);
        Add(_target);
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var tag = await git.Service<GitRepositoryService>().CreateTagAsync(git.Root, git.Required(_name), git.Value(_target), git.Value(_message), cancellationToken);
        if (git.Json)
        {
            git.WriteJson(tag);
            return ExitCodes.Ok;
        }

        await git.Output.WriteLineAsync($"Created {(tag.IsAnnotated ? "annotated" : "lightweight")} tag '{tag.Name}' at {GitText.Short(tag.TargetSha)}.");
        return ExitCodes.Ok;
    }
}
