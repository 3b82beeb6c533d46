using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Server.Endpoints.Monitoring;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>monitor analyze root-cause (--alert ID | --onset TIME [MEASUREMENT --field --where]) [--candidates LIST]</c>:
/// platform events and series changes ranked as causes.
/// </summary>
internal sealed class MonitorAnalyzeRootCauseCommand : ServerCommand
{
    readonly Argument<string> _measurement = new("MEASUREMENT") { Description = "The alerting series' measurement (with --onset)", Arity = ArgumentArity.ZeroOrOne };
    readonly Option<string> _field = new("--field") { Description = "Its field [default: value]", HelpName = "FIELD" };
    readonly Option<string> _where = new("--where") { Description = "Its tag filters: host=web-1", HelpName = "FILTERS" };
    readonly Option<string> _alert = new("--alert") { Description = "An alert id: its onset, labels and series are used", HelpName = "ID" };
    readonly Option<string> _onset = new("--onset") { Description = "When the problem began: ISO 8601 or now-15m", HelpName = "TIME" };
    readonly Option<string> _candidates = new("--candidates") { Description = "Series that may be the cause: cpu,mem:used_percent [default: every series of the alerting field]", HelpName = "LIST" };
    readonly Option<string> _before = new("--before") { Description = "How far before the onset to look [default: 30m]", HelpName = "DURATION" };

    public MonitorAnalyzeRootCauseCommand(CliContext context)
        : base("root-cause", "Rank deployments, configuration changes, collaborations and series changes as causes of an alert (calls the server)", context)
    {
        Add(_measurement);
        Add(_field);
        Add(_where);
        Add(_alert);
        Add(_onset);
        Add(_candidates);
        Add(_before);
        Validators.Add(result =>
        {
            if (result.GetValue(_alert) is null && result.GetValue(_onset) is null) result.AddError("Give --alert ID or --onset TIME.");
        });
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var result = await invocation.Client.AnalyzeAsync<RootCauseView>("root-cause", new Dictionary<string, string?>
        {
            ["alert"] = invocation.Value(_alert),
            ["onset"] = invocation.Value(_onset),
            ["measurement"] = invocation.Value(_measurement),
            ["field"] = invocation.Value(_field),
            ["where"] = invocation.Value(_where),
            ["candidates"] = invocation.Value(_candidates),
            ["before"] = invocation.Value(_before),
        }, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, result.Json);
            return ExitCodes.Ok;
        }

        var view = result.Value;
        await invocation.Output.WriteLineAsync($"Onset {AnalysisText.Time(view.Onset)} UTC{(view.Target is { } target ? $", alerting series {target}" : string.Empty)}: {view.Events.Count} event(s) in the window.");
        if (view.FailedSources.Count > 0) await invocation.Output.WriteLineAsync($"Event sources that failed (left out): {string.Join(", ", view.FailedSources)}");
        if (view.Hints.Count == 0)
        {
            await invocation.Output.WriteLineAsync("No likely cause found.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("#", "SCORE", "SOURCE", "AT (UTC)", "WHY");
        foreach (var hint in view.Hints)
            table.Add(hint.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture), AnalysisText.Number(hint.Score), Formats.Kebab(hint.Source), AnalysisText.Time(hint.At), hint.Explanation);
        table.Write(invocation.Output);
        return ExitCodes.Ok;
    }
}
