using System.CommandLine;
using System.Globalization;
using Lightning.Cli.Output;
using Lightning.Server.Endpoints.Monitoring;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor analyze capacity MEASUREMENT --limit 100 [series options] [--horizon 30d]</c>: when each series reaches the limit.</summary>
internal sealed class MonitorAnalyzeCapacityCommand : ServerCommand
{
    readonly MonitorSeriesOptions _series;
    readonly Option<double> _limit = new("--limit") { Description = "The value the resource runs out at (100 for used_percent)", HelpName = "VALUE", Required = true };
    readonly Option<string> _horizon = new("--horizon") { Description = "How far ahead to look [default: 30d]", HelpName = "DURATION" };

    public MonitorAnalyzeCapacityCommand(CliContext context)
        : base("capacity", "When each series reaches a limit (robust trend, ETA with earliest and latest) (calls the server)", context)
    {
        _series = new MonitorSeriesOptions(this, "now-7d");
        Add(_limit);
        Add(_horizon);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var parameters = _series.Parameters(invocation);
        parameters["limit"] = invocation.Value(_limit).ToString(CultureInfo.InvariantCulture);
        parameters["horizon"] = invocation.Value(_horizon);
        var result = await invocation.Client.AnalyzeAsync<CapacityView>("capacity", parameters, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, result.Json);
            return ExitCodes.Ok;
        }

        var table = new TextTable("SERIES", "VERDICT", "ETA (UTC)", "EARLIEST", "LATEST", "TIME LEFT", "NOW", "PER DAY");
        foreach (var series in result.Value.Series)
        {
            table.Add(series.Name, Formats.Kebab(series.Verdict), AnalysisText.Time(series.Eta), AnalysisText.Time(series.Earliest), AnalysisText.Time(series.Latest),
                series.TimeLeft ?? "-", AnalysisText.Number(series.Current), AnalysisText.Number(series.SlopePerDay));
        }

        if (table.Count == 0) await invocation.Output.WriteLineAsync("No series in that range.");
        else table.Write(invocation.Output);
        return ExitCodes.Ok;
    }
}
