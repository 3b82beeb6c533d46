using System.CommandLine;

namespace Lightning.Cli.Commands;

/// <summary><c>lightning git pr ...</c>: pull requests (GitHub) and merge requests (GitLab) of a registered repository.</summary>
internal sealed class GitPrCommand : Command
{
    public GitPrCommand(CliContext context, Option<string> path)
        : base("pr", "Pull requests (GitHub) or merge requests (GitLab) of a repository registered on the server with a connection (calls the server)")
    {
        Add(new GitPrListCommand(context, path));
        Add(new GitPrCreateCommand(context, path));
        Add(new GitPrMergeCommand(context, path));
    }

    /// <summary>The registered repository every <c>pr</c> command names.</summary>
    public static Option<string> RepositoryOption() => new("--repository", "-r")
    {
        Description = "The repository's name on the server (registered there with a connection and its hosted name)",
        HelpName = "NAME",
        Required = true,
    };
}
