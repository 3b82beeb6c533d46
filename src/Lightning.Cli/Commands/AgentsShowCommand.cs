using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class AgentsShowCommand : ServerCommand
{
    readonly Argument<string> _name = new("NAME") { Description = "The agent's name" };

    public AgentsShowCommand(CliContext context)
        : base("show", "Show one agent in detail (calls the server)", context)
    {
        Add(_name);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var agent = await invocation.Client.GetAgentAsync(invocation.Required(_name), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, agent.Json);
        }
        else
        {
            AgentText.WriteDetails(invocation.Output, agent.Value);
        }

        return ExitCodes.Ok;
    }
}
