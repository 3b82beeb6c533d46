using System.CommandLine;

namespace Lightning.Cli.Commands;

internal sealed class AgentsCommand : Command
{
    public AgentsCommand(CliContext context)
        : base("agents", "List, show, register and remove agents (calls the server)")
    {
        Add(new AgentsListCommand(context));
        Add(new AgentsShowCommand(context));
        Add(new AgentsRegisterCommand(context));
        Add(new AgentsRemoveCommand(context));
    }
}
