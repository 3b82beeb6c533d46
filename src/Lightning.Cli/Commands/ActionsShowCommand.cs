using System.CommandLine;
using System.Text.Json.Nodes;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class ActionsShowCommand : ServerCommand
{
    readonly Argument<string> _id = new("ID") { Description = "The action's id (act_...)" };

    public ActionsShowCommand(CliContext context)
        : base("show", "Show an action's status and its output so far (calls the server)", context)
    {
        Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var id = invocation.Required(_id);
        var action = await invocation.Client.GetActionAsync(id, cancellationToken);
        var output = await invocation.Client.GetActionOutputAsync(id, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, new JsonObject
            {
                ["action"] = JsonOutput.Node(action.Json),
                ["output"] = JsonOutput.Node(output.Json),
            });
            return ExitCodes.Ok;
        }

        ActionText.WriteDetails(invocation.Output, action.Value);
        var text = output.Value.Output;
        if (text.Length > 0)
        {
            await invocation.Output.WriteLineAsync();
            await invocation.Output.WriteAsync(text);
            if (!text.EndsWith('\n'))
            {
                await invocation.Output.WriteLineAsync();
            }
        }

        if (output.Value.OutputTruncated)
        {
            await invocation.Output.WriteLineAsync("(output truncated at the server's limit)");
        }

        return ExitCodes.Ok;
    }
}
