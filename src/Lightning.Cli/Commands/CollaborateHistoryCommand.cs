using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class CollaborateHistoryCommand : ServerCommand
{
    const int TitleWidth = 50;

    readonly Option<string> _status = new("--status") { Description = "Only collaborations with this status" };

    readonly Option<string> _submittedBy = new("--submitted-by") { Description = "Only those submitted with this API key name", HelpName = "NAME" };

    readonly Option<int?> _limit = NumberOption.Create("--limit", "How many, newest first (1-500) [default: 50]", "N", 1, 500);

    readonly Option<string> _before = new("--before") { Description = "Start after this collaboration id (the next page)", HelpName = "ID" };

    public CollaborateHistoryCommand(CliContext context)
        : base("history", "List collaborations, newest first (calls the server)", context)
    {
        _status.AcceptOnlyFromAmong(CollaborationText.Statuses);
        Add(_status);
        Add(_submittedBy);
        Add(_limit);
        Add(_before);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var page = await invocation.Client.ListCollaborationsAsync(
            invocation.Value(_status), invocation.Value(_submittedBy), invocation.Value(_limit), invocation.Value(_before), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, page.Json);
            return ExitCodes.Ok;
        }

        if (page.Value.Items.Count == 0)
        {
            await invocation.Output.WriteLineAsync("No collaborations.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("ID", "STATUS", "DONE", "FAILED", "BY", "CREATED", "TITLE");
        foreach (var item in page.Value.Items)
        {
            table.Add(item.Id, Formats.Kebab(item.Status), $"{item.Succeeded}/{item.Total}", Formats.Number(item.Failed), item.SubmittedBy,
                Formats.Time(item.CreatedAt), Formats.Truncate(item.Title, TitleWidth));
        }

        table.Write(invocation.Output);
        if (page.Value.Next is { } next)
        {
            await invocation.Output.WriteLineAsync($"More: lightning collaborate history --before {next}");
        }

        return ExitCodes.Ok;
    }
}
