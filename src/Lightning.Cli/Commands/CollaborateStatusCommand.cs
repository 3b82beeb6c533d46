using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class CollaborateStatusCommand : ServerCommand
{
    readonly Argument<string> _id = new("ID") { Description = "The collaboration's id (col_...)" };

    public CollaborateStatusCommand(CliContext context)
        : base("status", "Show a collaboration: where it stands and a table of its subtasks (calls the server)", context)
    {
        Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var view = await invocation.Client.GetCollaborationAsync(invocation.Required(_id), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, view.Json);
            return ExitCodes.Ok;
        }

        CollaborationText.WriteDetails(invocation.Output, view.Value);
        await invocation.Output.WriteLineAsync();
        CollaborationText.WriteSubtasks(invocation.Output, view.Value);
        return ExitCodes.Ok;
    }
}
