using System.CommandLine;

namespace Lightning.Cli.Commands;

internal sealed class DlqCommand : Command
{
    public DlqCommand(CliContext context)
        : base("dlq", "The message bus's dead letters: list, show, redrive and purge them (calls the server)")
    {
        Add(new DlqListCommand(context));
        Add(new DlqShowCommand(context));
        Add(new DlqRedriveCommand(context));
        Add(new DlqPurgeCommand(context));
    }
}
