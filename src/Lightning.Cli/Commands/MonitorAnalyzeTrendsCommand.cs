using Lightning.Cli.Output;
using Lightning.Server.Endpoints.Monitoring;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor analyze trends MEASUREMENT [series options]</c>: slope, significance and change points per series.</summary>
internal sealed class MonitorAnalyzeTrendsCommand : ServerCommand
{
    readonly MonitorSeriesOptions _series;

    public MonitorAnalyzeTrendsCommand(CliContext context)
        : base("trends", "Trend per series: Theil-Sen slope, Mann-Kendall p-value, change points (calls the server)", context)
    {
        _series = new MonitorSeriesOptions(this, "now-1d");
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var result = await invocation.Client.AnalyzeAsync<TrendsView>("trends", _series.Parameters(invocation), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, result.Json);
            return ExitCodes.Ok;
        }

        var table = new TextTable("SERIES", "TREND", "PER HOUR", "PER DAY", "P", "CHANGE POINTS (UTC)");
        foreach (var series in result.Value.Series)
        {
            table.Add(series.Name, Formats.Kebab(series.Direction), AnalysisText.Number(series.SlopePerHour), AnalysisText.Number(series.SlopePerDay),
                series.PValue is { } p ? p.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : "-",
                string.Join(", ", series.ChangePoints.Select(c => $"{AnalysisText.Time(c.At)} {(c.Shift >= 0 ? "+" : "")}{AnalysisText.Number(c.Shift)}")));
        }

        if (table.Count == 0) await invocation.Output.WriteLineAsync("No series in that range.");
        else table.Write(invocation.Output);
        return ExitCodes.Ok;
    }
}
