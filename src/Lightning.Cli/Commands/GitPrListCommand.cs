using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class GitPrListCommand : GitServerCommand
{
    readonly Option<string> _repository = GitPrCommand.RepositoryOption();

    readonly Option<string> _state = new Option<string>("--state")
    {
        Description = "open, or all (closed and merged too) [default: open]",
        HelpName = "STATE",
    }.AcceptOnlyFromAmong("open", "all");

    public GitPrListCommand(CliContext context, Option<string> path)
        : base("list", "List the repository's pull or merge requests at its provider", context, path)
    {
        Add(_repository);
        Add(_state);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var all = invocation.Value(_state) == "all";
        var pulls = await invocation.Client.ListPullRequestsAsync(invocation.Value(_repository)!, all, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, pulls.Json);
        }
        else if (pulls.Value.Count == 0)
        {
            await invocation.Output.WriteLineAsync(all ? "No pull requests." : "No open pull requests.");
        }
        else
        {
            GitHostingText.WritePullRequests(invocation.Output, pulls.Value);
        }

        return ExitCodes.Ok;
    }
}
