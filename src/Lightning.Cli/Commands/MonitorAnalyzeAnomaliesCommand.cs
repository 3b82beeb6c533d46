using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Server.Endpoints.Monitoring;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor analyze anomalies MEASUREMENT [series options] [--threshold] [--agree]</c>: per series, the newest point's verdict and every anomalous span.</summary>
internal sealed class MonitorAnalyzeAnomaliesCommand : ServerCommand
{
    readonly MonitorSeriesOptions _series;
    readonly Option<string> _threshold = new("--threshold") { Description = "Robust standard deviations a model needs to call a point anomalous [default: 5]", HelpName = "SIGMAS" };
    readonly Option<int?> _agree = NumberOption.Create("--agree", "How many of the 3 models must agree (1-3) [default: 3]", "N", 1, 3);

    public MonitorAnalyzeAnomaliesCommand(CliContext context)
        : base("anomalies", "Anomalous spans per series, found when the EWMA, MAD and Holt-Winters models agree (calls the server)", context)
    {
        _series = new MonitorSeriesOptions(this, "now-1d");
        Add(_threshold);
        Add(_agree);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var parameters = _series.Parameters(invocation);
        parameters["threshold"] = invocation.Value(_threshold);
        parameters["agree"] = invocation.Value(_agree)?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = await invocation.Client.AnalyzeAsync<AnomaliesView>("anomalies", parameters, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, result.Json);
            return ExitCodes.Ok;
        }

        var view = result.Value;
        if (view.Series.Count == 0)
        {
            await invocation.Output.WriteLineAsync($"No series of {view.Query.Measurement}.{view.Query.Field} in that range.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("SERIES", "START (UTC)", "END", "POINTS", "SCORE", "MODELS");
        foreach (var series in view.Series)
        {
            foreach (var span in series.Spans)
                table.Add(series.Name, AnalysisText.Time(span.Start), AnalysisText.Time(span.End), span.Points.ToString(System.Globalization.CultureInfo.InvariantCulture), AnalysisText.Number(span.Score), string.Join(",", span.Models));
        }

        var anomalousNow = view.Series.Count(s => s.Latest.Anomalous);
        await invocation.Output.WriteLineAsync($"{view.Series.Count} series, {table.Count} anomalous span(s); newest point anomalous in {anomalousNow}.");
        if (table.Count > 0) table.Write(invocation.Output);
        return ExitCodes.Ok;
    }
}
