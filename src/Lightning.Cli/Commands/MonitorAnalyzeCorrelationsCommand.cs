using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Server.Endpoints.Monitoring;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor analyze correlations MEASUREMENT --candidates cpu,mem:used_percent [series options] [--max-lag 10m]</c>: series that moved with the target.</summary>
internal sealed class MonitorAnalyzeCorrelationsCommand : ServerCommand
{
    readonly MonitorSeriesOptions _series;
    readonly Option<string> _candidates = new("--candidates") { Description = "Measurements or measurement:field pairs to compare: cpu,mem:used_percent", HelpName = "LIST", Required = true };
    readonly Option<string> _candidateWhere = new("--candidate-where") { Description = "Tag filters for the candidates: host=web-1", HelpName = "FILTERS" };
    readonly Option<string> _maxLag = new("--max-lag") { Description = "Largest lag tried either way [default: 10m]", HelpName = "DURATION" };

    public MonitorAnalyzeCorrelationsCommand(CliContext context)
        : base("correlations", "Candidate series ranked by how they move with the target, at their best lag (calls the server)", context)
    {
        _series = new MonitorSeriesOptions(this, "now-6h");
        Add(_candidates);
        Add(_candidateWhere);
        Add(_maxLag);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var parameters = _series.Parameters(invocation);
        parameters["candidates"] = invocation.Value(_candidates);
        parameters["candidateWhere"] = invocation.Value(_candidateWhere);
        parameters["maxLag"] = invocation.Value(_maxLag);
        var result = await invocation.Client.AnalyzeAsync<CorrelationsView>("correlations", parameters, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, result.Json);
            return ExitCodes.Ok;
        }

        var table = new TextTable("#", "SERIES", "LAG", "PEARSON", "SPEARMAN");
        foreach (var match in result.Value.Matches)
        {
            table.Add(match.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture), match.Name, match.Lag, AnalysisText.Number(match.Pearson), AnalysisText.Number(match.Spearman));
        }

        if (table.Count == 0) await invocation.Output.WriteLineAsync("No candidate series moved with the target.");
        else
        {
            await invocation.Output.WriteLineAsync("A positive lag means the candidate moved first.");
            table.Write(invocation.Output);
        }

        return ExitCodes.Ok;
    }
}
