using System.CommandLine;

namespace Lightning.Cli.Commands;

internal sealed class GitTagListCommand(CliContext context, Option<string> path)
    : GitLocalCommand("list", "List tags with the commit each names", context, path)
{
    protected override Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken) => GitTagCommand.ListAsync(git, cancellationToken);
}
