using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class CollaborateCancelCommand : ServerCommand
{
    readonly Argument<string> _id = new("ID") { Description = "The collaboration's id (col_...)" };

    public CollaborateCancelCommand(CliContext context)
        : base("cancel", "Cancel a running collaboration: its running subtasks are stopped, nothing new starts (calls the server)", context)
    {
        Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var view = await invocation.Client.CancelCollaborationAsync(invocation.Required(_id), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, view.Json);
        }
        else
        {
            await invocation.Output.WriteLineAsync($"Collaboration {view.Value.Id}: {Formats.Kebab(view.Value.Status)}.");
        }

        return ExitCodes.Ok;
    }
}
