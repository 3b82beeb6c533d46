using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Server.Endpoints.Monitoring;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor analyze suggestions [--host web-1] [--window 7d]</c>: idle and over-provisioned resources per host.</summary>
internal sealed class MonitorAnalyzeSuggestionsCommand : ServerCommand
{
    readonly Option<string> _host = new("--host") { Description = "Hosts, comma-separated [default: every host with CPU or memory metrics]", HelpName = "HOSTS" };
    readonly Option<string> _window = new("--window") { Description = "How far back from now; at least 7 days of data are needed [default: 7d]", HelpName = "DURATION" };

    public MonitorAnalyzeSuggestionsCommand(CliContext context)
        : base("suggestions", "Idle or over-provisioned hosts, CPU, memory and disks, with savings when prices are configured (calls the server)", context)
    {
        Add(_host);
        Add(_window);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var result = await invocation.Client.AnalyzeAsync<SuggestionsView>("suggestions", new Dictionary<string, string?>
        {
            ["host"] = invocation.Value(_host),
            ["window"] = invocation.Value(_window),
        }, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, result.Json);
            return ExitCodes.Ok;
        }

        var table = new TextTable("HOST", "KIND", "RESOURCE", "SAVING/MONTH", "SUGGESTION");
        foreach (var suggestion in result.Value.Hosts.SelectMany(h => h.Suggestions))
        {
            table.Add(suggestion.Host, Formats.Kebab(suggestion.Kind), suggestion.Resource,
                suggestion.MonthlySaving is { } saving ? $"{AnalysisText.Number(Math.Round(saving, 2))} {suggestion.Currency}" : "-", suggestion.Explanation);
        }

        if (table.Count == 0) await invocation.Output.WriteLineAsync($"No suggestions for {result.Value.Hosts.Count} host(s) over {result.Value.Window}.");
        else table.Write(invocation.Output);
        return ExitCodes.Ok;
    }
}
