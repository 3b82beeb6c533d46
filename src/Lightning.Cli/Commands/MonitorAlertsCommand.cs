using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lightning.Cli.Output;
using Lightning.Monitoring.Alerts.Evaluation;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor alerts [--state STATE]</c>: active alerts (or those in one state), newest first.</summary>
internal sealed class MonitorAlertsCommand : ServerCommand
{
    readonly Option<string> _state = new("--state") { Description = "Only alerts in this state: pending, firing, no-data, error, resolved, inactive [default: every active one]", HelpName = "STATE" };
    readonly Option<int?> _limit = NumberOption.Create("--limit", "How many (1-1000) [default: 100]", "N", 1, 1000);

    public MonitorAlertsCommand(CliContext context)
        : base("alerts", "List alerts: active ones by default (calls the server)", context)
    {
        Add(_state);
        Add(_limit);
        Validators.Add(result =>
        {
            if (result.GetValue(_state) is { } state && !AlertStates.TryParse(state, out _))
                result.AddError($"--state '{state}' is not one of: {string.Join(", ", Enum.GetValues<AlertState>().Select(AlertStates.Name))}.");
        });
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var page = await invocation.Client.ListAlertsAsync(invocation.Value(_state), invocation.Value(_limit), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, page.Json);
            return ExitCodes.Ok;
        }

        if (page.Value.Alerts.Count == 0)
        {
            await invocation.Output.WriteLineAsync(invocation.Value(_state) is { } state ? $"No {state} alerts." : "No active alerts.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("ID", "STATE", "RULE", "LABELS", "VALUE", "SINCE", "ACK");
        foreach (var alert in page.Value.Alerts)
        {
            var labels = string.Join(',', alert.Labels.Where(p => p.Key != AlertTracker.AlertNameLabel).Select(p => $"{p.Key}={p.Value}"));
            table.Add(alert.Id, AlertStates.Name(alert.State), alert.RuleName, labels, alert.Value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-",
                Formats.Time(alert.FiredAt ?? alert.ActiveAt), alert.Acknowledgment?.By ?? "-");
        }

        table.Write(invocation.Output);
        return ExitCodes.Ok;
    }
}
