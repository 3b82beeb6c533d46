using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class GitConnectionListCommand(CliContext context, Option<string> path)
    : GitServerCommand("list", "List hosting connections (never their tokens)", context, path)
{
    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var connections = await invocation.Client.ListConnectionsAsync(cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, connections.Json);
        }
        else if (connections.Value.Count == 0)
        {
            await invocation.Output.WriteLineAsync("No hosting connections. Add one with 'lightning git connection add'.");
        }
        else
        {
            GitHostingText.WriteConnections(invocation.Output, connections.Value);
        }

        return ExitCodes.Ok;
    }
}
