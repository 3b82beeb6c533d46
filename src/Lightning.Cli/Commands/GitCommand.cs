using System.CommandLine;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>lightning git ...</c>: version control on a local repository through the <c>Lightning.Git</c> services, in this
/// process. <c>--path</c> is recursive so that every subcommand takes it in the same place.
/// </summary>
internal sealed class GitCommand : Command
{
    public GitCommand(CliContext context)
        : base("git", "Status, commits, branches, merges, tags, changelogs, releases, insights and review of a local repository (runs locally; no server needed); "
            + "hosting connections and pull requests (connection, pr: call the server)")
    {
        var path = new Option<string>("--path", "-C")
        {
            Description = "The repository, or any folder inside it [default: the current directory]",
            HelpName = "DIR",
            Recursive = true,
        };
        Add(path);
        Add(new GitStatusCommand(context, path));
        Add(new GitLogCommand(context, path));
        Add(new GitCommitCommand(context, path));
        Add(new GitCommitMessageCommand(context, path));
        Add(new GitBranchCommand(context, path));
        Add(new GitMergeCommand(context, path));
        Add(new GitConflictsCommand(context, path));
        Add(new GitPredictConflictsCommand(context, path));
        Add(new GitTagCommand(context, path));
        Add(new GitChangelogCommand(context, path));
        Add(new GitNextVersionCommand(context, path));
        Add(new GitReleaseCommand(context, path));
        Add(new GitInsightsCommand(context, path));
        Add(new GitContributorsCommand(context, path));
        Add(new GitReviewCommand(context, path));
        Add(new GitConnectionCommand(context, path));
        Add(new GitPrCommand(context, path));
    }
}
