using System.CommandLine;

namespace Lightning.Cli.Commands;

internal sealed class CollaborateCommand : Command
{
    public CollaborateCommand(CliContext context)
        : base("collaborate", "Submit complex tasks that several agents work on together, follow, approve, cancel, list, replay and fork them (calls the server)")
    {
        Add(new CollaborateSubmitCommand(context));
        Add(new CollaborateStatusCommand(context));
        Add(new CollaborateWatchCommand(context));
        Add(new CollaborateCancelCommand(context));
        Add(new CollaborateApproveCommand(context));
        Add(new CollaborateRejectCommand(context));
        Add(new CollaborateHistoryCommand(context));
        Add(new CollaborateReplayCommand(context));
        Add(new CollaborateForkCommand(context));
        Add(new CollaborateDiffCommand(context));
    }
}
