using System.CommandLine;
using System.Text.Json;
using Lightning.Cli.Output;
using Lightning.Core.Serialization;
using Lightning.Monitoring.Alerts.Notifications;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>monitor route --label alertname=HighCpu --label host=db-1 [--routing FILE]</c>: where an alert with these labels
/// would go, through the stored routing or a draft document (checked by the server, never saved).
/// </summary>
internal sealed class MonitorRouteCommand : ServerCommand
{
    readonly Option<string[]> _label = new("--label") { Description = "An alert label key=value (repeatable): alertname=HighCpu, host=db-1", HelpName = "KEY=VALUE", AllowMultipleArgumentsPerToken = false };
    readonly Option<string> _routing = new("--routing") { Description = "A routing document (JSON) to try instead of the stored one; it is not saved", HelpName = "FILE" };

    public MonitorRouteCommand(CliContext context)
        : base("route", "Where an alert with these labels would go: routes, channels, grouping, silences, inhibitions (calls the server)", context)
    {
        Add(_label);
        Add(_routing);
        Validators.Add(result => LabelArguments.Validate(result, result.GetValue(_label)));
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var labels = LabelArguments.Parse(invocation.Value(_label));
        var draft = invocation.Value(_routing) is { } path ? ReadRouting(path) : null;
        var result = await invocation.Client.TestRoutingAsync(new RoutingTestRequest(labels, draft), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, result.Json);
            return ExitCodes.Ok;
        }

        var test = result.Value;
        var table = new TextTable("ROUTE", "CHANNELS", "GROUP", "WAIT", "INTERVAL", "REPEAT", "ESCALATION");
        foreach (var route in test.Routes)
        {
            table.Add(route.Path,
                route.Channels.Count == 0 ? "-" : string.Join(", ", route.Channels.Select(c => c.Exists ? c.Name ?? c.Id : c.Id + " (missing)")),
                route.GroupLabels.Count == 0 ? "-" : string.Join(",", route.GroupLabels.Select(p => $"{p.Key}={p.Value}")),
                route.GroupWait, route.GroupInterval, route.RepeatInterval, route.Escalation ?? "-");
        }

        table.Write(invocation.Output);
        foreach (var silence in test.SilencedBy)
            await invocation.Output.WriteLineAsync($"Silenced by {silence.Id} ({silence.CreatedBy}: {silence.Comment}) until {Formats.Time(silence.EndsAt)}.");
        if (test.InhibitedBy.Count > 0)
            await invocation.Output.WriteLineAsync($"Inhibited by firing alert(s): {string.Join(", ", test.InhibitedBy)}.");
        await invocation.Output.WriteLineAsync(test.Delivered
            ? $"Delivered ({(test.Source == "draft" ? "with the routing in the file, not saved" : "with the stored routing")})."
            : "Not delivered: " + (test.SilencedBy.Count > 0 || test.InhibitedBy.Count > 0 ? "muted." : "no route reached names a channel that exists."));
        return ExitCodes.Ok;
    }

    static AlertRoutingConfig ReadRouting(string path)
    {
        if (!File.Exists(path)) throw CliException.Usage($"--routing: {path} does not exist.");
        try
        {
            return JsonSerializer.Deserialize<AlertRoutingConfig>(File.ReadAllText(path), LightningJson.Options)
                ?? throw CliException.Usage($"--routing: {path} holds no routing document.");
        }
        catch (JsonException ex)
        {
            throw CliException.Usage($"--routing: {path} is not a routing document in JSON: {ex.Message}");
        }
    }
}
