using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class AgentsListCommand(CliContext context)
    : ServerCommand("list", "List the agents with their live status (calls the server)", context)
{
    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var agents = await invocation.Client.ListAgentsAsync(cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, agents.Json);
            return ExitCodes.Ok;
        }

        if (agents.Value.Count == 0)
        {
            await invocation.Output.WriteLineAsync("No agents. Register one with: lightning agents register NAME --role ROLE");
            return ExitCodes.Ok;
        }

        var table = new TextTable("NAME", "ROLE", "STATUS", "LOCATION", "RUNNING", "CAPABILITIES");
        foreach (var agent in agents.Value)
        {
            table.Add(agent.Name, agent.Role, Formats.Kebab(agent.Status), AgentText.Location(agent),
                $"{agent.RunningActions}/{agent.MaxConcurrency}", string.Join(',', agent.Capabilities));
        }

        table.Write(invocation.Output);
        return ExitCodes.Ok;
    }
}
