using System.CommandLine;

namespace Lightning.Cli.Commands;

internal sealed class ActionsCommand : Command
{
    public ActionsCommand(CliContext context)
        : base("actions", "Run actions through agents, follow, list and cancel them (calls the server)")
    {
        Add(new ActionsRunCommand(context));
        Add(new ActionsShowCommand(context));
        Add(new ActionsListCommand(context));
        Add(new ActionsCancelCommand(context));
    }
}
