using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lightning.Cli.Output;
using Lightning.Core.Serialization;
using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Alerts.Rules;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor backtest RULE_FILE_OR_ID --from --to</c>: replay a rule over stored metrics.</summary>
internal sealed class MonitorBacktestCommand : ServerCommand
{
    readonly Argument<string> _rule = new("RULE_FILE_OR_ID") { Description = "A rule as a JSON file (as POST rules takes it), or a stored rule's id" };
    readonly Option<string> _from = new("--from") { Description = "Start: ISO 8601 (2026-11-24T08:00Z) or a duration ago (24h) (required)", HelpName = "WHEN" };
    readonly Option<string> _to = new("--to") { Description = "End: ISO 8601 or a duration ago [default: now]", HelpName = "WHEN" };

    public MonitorBacktestCommand(CliContext context)
        : base("backtest", "Replay a rule over stored metrics: when it would have fired and resolved (calls the server)", context)
    {
        Add(_rule);
        Add(_from);
        Add(_to);
        Validators.Add(result =>
        {
            if (result.GetValue(_from) is not { } from) result.AddError("--from is required (ISO 8601, or a duration ago such as 24h).");
            else if (!TryWhen(from, DateTimeOffset.UtcNow, out _)) result.AddError($"--from '{from}' is neither an ISO 8601 time nor a duration such as 24h.");
            if (result.GetValue(_to) is { } to && !TryWhen(to, DateTimeOffset.UtcNow, out _))
                result.AddError($"--to '{to}' is neither an ISO 8601 time nor a duration such as 1h.");
        });
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        TryWhen(invocation.Value(_from)!, now, out var from);
        var to = invocation.Value(_to) is { } end && TryWhen(end, now, out var parsed) ? parsed : now;
        var target = invocation.Required(_rule);
        var result = File.Exists(target)
            ? await invocation.Client.BacktestAsync(ReadRule(target), from, to, cancellationToken)
            : await invocation.Client.BacktestRuleAsync(target, from, to, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, result.Json);
            return ExitCodes.Ok;
        }

        var value = result.Value;
        await invocation.Output.WriteLineAsync(
            $"{value.Rule}: {value.Evaluations} evaluations every {Duration.Format(value.Interval)} from {Formats.Time(value.From)} to {Formats.Time(value.To)} over {value.SeriesRead} series ({value.PointsRead} points).");
        if (value.Alerts.Count == 0)
        {
            await invocation.Output.WriteLineAsync("It would not have fired.");
            return ExitCodes.Ok;
        }

        var table = new TextTable("LABELS", "PENDING", "FIRED", "RESOLVED", "PEAK");
        foreach (var alert in value.Alerts)
        {
            table.Add(string.Join(',', alert.Labels.Where(p => p.Key != AlertTracker.AlertNameLabel).Select(p => $"{p.Key}={p.Value}")),
                Formats.Time(alert.ActiveAt), alert.FiredAt is { } f ? Formats.Time(f) : alert.NoDataAt is { } n ? "no data " + Formats.Time(n) : "never", alert.ResolvedAt is { } r ? Formats.Time(r) : "-",
                alert.PeakValue?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-");
        }

        table.Write(invocation.Output);
        return ExitCodes.Ok;
    }

    static AlertRule ReadRule(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<AlertRule>(File.ReadAllText(path), LightningJson.Options)
                ?? throw new CliException(ExitCodes.Usage, $"{path} holds no rule.");
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.Usage, $"{path} is not a rule in JSON: {ex.Message}");
        }
    }

    static bool TryWhen(string text, DateTimeOffset now, out DateTimeOffset when)
    {
        if (Duration.TryParse(text, out var ago) && !text.Contains(':', StringComparison.Ordinal))
        {
            when = now - ago;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out when);
    }
}
