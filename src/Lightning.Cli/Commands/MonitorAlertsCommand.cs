using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lightning.Cli.Output;
using Lightning.Monitoring.Alerts.Evaluation;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>monitor alerts [--state STATE[,STATE...]|all] [--rule RULE]</c>: active alerts (or those in the named states, or
/// every firing with <c>all</c>), newest first; <c>--rule</c> keeps one rule's, so <c>--state all --rule R</c> is its history.
/// </summary>
internal sealed class MonitorAlertsCommand : ServerCommand
{
    readonly Option<string> _state = new("--state") { Description = "Only alerts in these states, comma-separated (pending, firing, no-data, error, resolved, inactive), or all [default: every active one]", HelpName = "STATE" };
    readonly Option<string> _rule = new("--rule") { Description = "Only the alerts of this rule (its id)", HelpName = "RULE" };
    readonly Option<int?> _limit = NumberOption.Create("--limit", "How many (1-1000) [default: 100]", "N", 1, 1000);

    public MonitorAlertsCommand(CliContext context)
        : base("alerts", "List alerts: active ones by default (calls the server)", context)
    {
        Add(_state);
        Add(_rule);
        Add(_limit);
        Validators.Add(result =>
        {
            if (result.GetValue(_state) is not { } state) return;
            var parts = state.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 0)
                result.AddError("--state is empty: name one state or more, or all.");
            else if (parts.Contains("all", StringComparer.Ordinal) && parts.Length > 1)
                result.AddError("--state: 'all' stands alone, it already takes every state.");
            else if (parts.FirstOrDefault(part => part != "all" && !AlertStates.TryParse(part, out _)) is { } bad)
                result.AddError($"--state '{bad}' is not one of: all, {string.Join(", ", Enum.GetValues<AlertState>().Select(AlertStates.Name))}.");
        });
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var page = await invocation.Client.ListAlertsAsync(invocation.Value(_state), invocation.Value(_rule), invocation.Value(_limit), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, page.Json);
            return ExitCodes.Ok;
        }

        if (page.Value.Alerts.Count == 0)
        {
            var which = invocation.Value(_state) is { } state ? (state == "all" ? "" : $"{state} ") : "active ";
            await invocation.Output.WriteLineAsync(invocation.Value(_rule) is { } rule ? $"No {which}alerts of rule {rule}." : $"No {which}alerts.");
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
