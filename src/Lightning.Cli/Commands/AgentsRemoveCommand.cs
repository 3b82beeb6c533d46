using System.CommandLine;
using System.Text.Json.Nodes;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class AgentsRemoveCommand : ServerCommand
{
    readonly Argument<string> _name = new("NAME") { Description = "The agent's name" };

    public AgentsRemoveCommand(CliContext context)
        : base("remove", "Remove an agent that runs nothing (calls the server)", context)
    {
        Add(_name);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var name = invocation.Required(_name);
        await invocation.Client.RemoveAgentAsync(name, cancellationToken);
        if (invocation.Json)
        {
            // The API answers 204 with no body; say what happened in the same shape as other answers.
            JsonOutput.Write(invocation.Output, new JsonObject { ["name"] = name, ["removed"] = true });
        }
        else
        {
            await invocation.Output.WriteLineAsync($"Removed agent '{name}'.");
        }

        return ExitCodes.Ok;
    }
}
