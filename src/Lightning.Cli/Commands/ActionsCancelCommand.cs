using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class ActionsCancelCommand : ServerCommand
{
    readonly Argument<string> _id = new("ID") { Description = "The action's id (act_...)" };

    public ActionsCancelCommand(CliContext context)
        : base("cancel", "Cancel a queued or running action (calls the server)", context)
    {
        Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var action = await invocation.Client.CancelActionAsync(invocation.Required(_id), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, action.Json);
        }
        else
        {
            await invocation.Output.WriteLineAsync($"Action {action.Value.Id}: {ActionText.Status(action.Value)}.");
        }

        return ExitCodes.Ok;
    }
}
