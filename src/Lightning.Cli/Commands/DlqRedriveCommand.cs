using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class DlqRedriveCommand : ServerCommand
{
    readonly Argument<string> _id = new("ID") { Description = "The dead message's id" };

    public DlqRedriveCommand(CliContext context)
        : base("redrive", "Put a dead letter back on its destination as a fresh delivery, its history kept (calls the server)", context)
    {
        Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var result = await invocation.Client.RedriveDeadLetterAsync(invocation.Required(_id), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, result.Json);
        }
        else
        {
            await invocation.Output.WriteLineAsync($"Redrove {result.Value.MessageId}.");
        }

        return ExitCodes.Ok;
    }
}
