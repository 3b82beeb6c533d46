using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Server.Endpoints.Monitoring;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor analyze bottlenecks [--host web-1] [--window 1h]</c>: USE findings per host.</summary>
internal sealed class MonitorAnalyzeBottlenecksCommand : ServerCommand
{
    readonly Option<string> _host = new("--host") { Description = "Hosts, comma-separated [default: every host with CPU or memory metrics]", HelpName = "HOSTS" };
    readonly Option<string> _window = new("--window") { Description = "How far back from now [default: 1h]", HelpName = "DURATION" };

    public MonitorAnalyzeBottlenecksCommand(CliContext context)
        : base("bottlenecks", "Utilisation, saturation and errors per resource of each host (calls the server)", context)
    {
        Add(_host);
        Add(_window);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var result = await invocation.Client.AnalyzeAsync<BottlenecksView>("bottlenecks", new Dictionary<string, string?>
        {
            ["host"] = invocation.Value(_host),
            ["window"] = invocation.Value(_window),
        }, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, result.Json);
            return ExitCodes.Ok;
        }

        var table = new TextTable("HOST", "RESOURCE", "USE", "SEVERITY", "VALUE", "THRESHOLD", "WHY");
        foreach (var host in result.Value.Hosts)
        {
            if (host.Findings.Count == 0) table.Add(host.Host, "-", "-", "ok", "-", "-", "no bottleneck found");
            foreach (var finding in host.Findings)
                table.Add(host.Host, finding.Resource, Formats.Kebab(finding.Dimension), Formats.Kebab(finding.Severity), AnalysisText.Number(finding.Value), AnalysisText.Number(finding.Threshold), finding.Explanation);
        }

        if (table.Count == 0) await invocation.Output.WriteLineAsync("No hosts with CPU or memory metrics.");
        else table.Write(invocation.Output);
        return ExitCodes.Ok;
    }
}
