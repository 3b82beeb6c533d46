using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class DlqShowCommand : ServerCommand
{
    readonly Argument<string> _id = new("ID") { Description = "The dead message's id" };

    public DlqShowCommand(CliContext context)
        : base("show", "Show a dead letter: its envelope, payload, why it died and every delivery before (calls the server)", context)
    {
        Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var letter = await invocation.Client.GetDeadLetterAsync(invocation.Required(_id), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, letter.Json);
        }
        else
        {
            DeadLetterText.WriteDetails(invocation.Output, letter.Value);
        }

        return ExitCodes.Ok;
    }
}
