using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class DlqListCommand : ServerCommand
{
    readonly Option<int?> _limit = NumberOption.Create("--limit", "How many, newest first (1-500) [default: 100]", "N", 1, 500);

    public DlqListCommand(CliContext context)
        : base("list", "List dead letters, newest first (calls the server)", context)
    {
        Add(_limit);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var page = await invocation.Client.ListDeadLettersAsync(invocation.Value(_limit), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, page.Json);
        }
        else if (page.Value.Items.Count == 0)
        {
            await invocation.Output.WriteLineAsync("No dead letters.");
        }
        else
        {
            DeadLetterText.WriteTable(invocation.Output, page.Value.Items);
        }

        return ExitCodes.Ok;
    }
}
