using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class ActionsListCommand : ServerCommand
{
    const int SummaryWidth = 60;

    readonly Option<string> _agent = new("--agent") { Description = "Only this agent's actions", HelpName = "AGENT" };

    readonly Option<string> _status = new("--status") { Description = "Only actions with this status" };

    readonly Option<int?> _limit = NumberOption.Create("--limit", "How many, newest first (1-500) [default: 50]", "N", 1, 500);

    readonly Option<string> _before = new("--before") { Description = "Start after this action id (the next page)", HelpName = "ID" };

    public ActionsListCommand(CliContext context)
        : base("list", "List actions, newest first (calls the server)", context)
    {
        _status.AcceptOnlyFromAmong(ActionText.Statuses);
        Add(_agent);
        Add(_status);
        Add(_limit);
        Add(_before);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var page = await invocation.Client.ListActionsAsync(
            invocation.Value(_agent), invocation.Value(_status), invocation.Value(_limit), invocation.Value(_before), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, page.Json);
            return ExitCodes.Ok;
        }

        if (page.Value.Items.Count == 0)
        {
            await invocation.Output.WriteLineAsync("No actions.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("ID", "AGENT", "KIND", "STATUS", "EXIT", "CREATED", "DURATION", "SUMMARY");
        foreach (var action in page.Value.Items)
        {
            table.Add(action.Id, action.Agent, Formats.Kebab(action.Kind), Formats.Kebab(action.Status),
                action.ExitCode is { } code ? Formats.Number(code) : Formats.None, Formats.Time(action.CreatedAt),
                Formats.Duration(action.DurationMs), Formats.Truncate(action.Summary, SummaryWidth));
        }

        table.Write(invocation.Output);
        if (page.Value.Next is { } next)
        {
            await invocation.Output.WriteLineAsync($"More: lightning actions list --before {next}");
        }

        return ExitCodes.Ok;
    }
}
