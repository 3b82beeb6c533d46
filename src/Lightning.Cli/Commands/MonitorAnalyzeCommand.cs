using System.CommandLine;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor analyze</c>: the analyses of stored metrics, each a subcommand (calls the server).</summary>
internal sealed class MonitorAnalyzeCommand : Command
{
    public MonitorAnalyzeCommand(CliContext context)
        : base("analyze", "Analyse stored metrics: anomalies, forecasts, capacity, trends, correlations, bottlenecks, suggestions, root causes (calls the server)")
    {
        Add(new MonitorAnalyzeAnomaliesCommand(context));
        Add(new MonitorAnalyzeForecastCommand(context));
        Add(new MonitorAnalyzeCapacityCommand(context));
        Add(new MonitorAnalyzeTrendsCommand(context));
        Add(new MonitorAnalyzeCorrelationsCommand(context));
        Add(new MonitorAnalyzeBottlenecksCommand(context));
        Add(new MonitorAnalyzeSuggestionsCommand(context));
        Add(new MonitorAnalyzeRootCauseCommand(context));
    }
}
