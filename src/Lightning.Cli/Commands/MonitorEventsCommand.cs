using System.CommandLine;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor events [--from now-1d] [--to now] [--kind deployment]</c>: platform events of every source, oldest first.</summary>
internal sealed class MonitorEventsCommand : ServerCommand
{
    readonly Option<string> _from = new("--from") { Description = "Start: ISO 8601 or now-1d [default: now-1d]", HelpName = "TIME" };
    readonly Option<string> _to = new("--to") { Description = "End [default: now]", HelpName = "TIME" };
    readonly Option<string> _kind = new("--kind") { Description = "Only this kind: deployment, config-change, rollback, collaboration...", HelpName = "KIND" };
    readonly Option<int?> _limit = NumberOption.Create("--limit", "How many, newest kept (1-5000) [default: 500]", "N", 1, 5000);

    public MonitorEventsCommand(CliContext context)
        : base("events", "Platform events: posted deployments, configuration changes, collaborations (calls the server)", context)
    {
        Add(_from);
        Add(_to);
        Add(_kind);
        Add(_limit);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var result = await invocation.Client.ListPlatformEventsAsync(new Dictionary<string, string?>
        {
            ["from"] = invocation.Value(_from),
            ["to"] = invocation.Value(_to),
            ["kind"] = invocation.Value(_kind),
            ["limit"] = invocation.Value(_limit)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, result.Json);
            return ExitCodes.Ok;
        }

        var view = result.Value;
        if (view.Events.Count == 0)
        {
            await invocation.Output.WriteLineAsync($"No events between {AnalysisText.Time(view.From)} and {AnalysisText.Time(view.To)} UTC.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("AT (UTC)", "KIND", "SOURCE", "TITLE", "LABELS", "BY");
        foreach (var e in view.Events)
            table.Add(AnalysisText.Time(e.At), e.Kind, e.Source, e.Title, AnalysisText.Tags(e.Labels), e.By ?? "-");
        table.Write(invocation.Output);
        if (view.Truncated) await invocation.Output.WriteLineAsync("(older events left out: raise --limit or narrow --from)");
        if (view.FailedSources.Count > 0) await invocation.Output.WriteLineAsync($"Sources that failed: {string.Join(", ", view.FailedSources)}");
        return ExitCodes.Ok;
    }
}
