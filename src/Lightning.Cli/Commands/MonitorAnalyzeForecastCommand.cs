using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Server.Endpoints.Monitoring;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor analyze forecast MEASUREMENT [series options] [--horizon 1d] [--points N]</c>: a Holt-Winters forecast per series.</summary>
internal sealed class MonitorAnalyzeForecastCommand : ServerCommand
{
    readonly MonitorSeriesOptions _series;
    readonly Option<string> _horizon = new("--horizon") { Description = "How far ahead [default: 1d]", HelpName = "DURATION" };
    readonly Option<int?> _points = NumberOption.Create("--points", "Forecast points shown per series, evenly spread (1-1000) [default: 6]", "N", 1, 1000);

    public MonitorAnalyzeForecastCommand(CliContext context)
        : base("forecast", "Forecast each series (Holt-Winters, season detected) with a 95% interval (calls the server)", context)
    {
        _series = new MonitorSeriesOptions(this, "now-7d");
        Add(_horizon);
        Add(_points);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var parameters = _series.Parameters(invocation);
        parameters["horizon"] = invocation.Value(_horizon);
        var result = await invocation.Client.AnalyzeAsync<ForecastView>("forecast", parameters, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, result.Json);
            return ExitCodes.Ok;
        }

        var shown = invocation.Value(_points) ?? 6;
        foreach (var series in result.Value.Series)
        {
            await invocation.Output.WriteLineAsync($"{series.Name}: {series.Points.Count} points ahead, season {series.Season ?? "none"}");
            var table = new TextTable("TIME (UTC)", "FORECAST", "LOW", "HIGH");
            var step = Math.Max(1, series.Points.Count / shown);
            for (var i = step - 1; i < series.Points.Count; i += step)
            {
                var point = series.Points[i];
                table.Add(AnalysisText.Time(point.Time), AnalysisText.Number(point.Value), AnalysisText.Number(point.Lower), AnalysisText.Number(point.Upper));
            }

            table.Write(invocation.Output);
        }

        if (result.Value.Series.Count == 0) await invocation.Output.WriteLineAsync("No series in that range.");
        return ExitCodes.Ok;
    }
}
