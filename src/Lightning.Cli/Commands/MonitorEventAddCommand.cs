using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Monitoring.Events;
using Lightning.Monitoring.Querying;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor event add --kind deployment --title "api v2" [--at TIME] [--label service=api]... [--text ...]</c>.</summary>
internal sealed class MonitorEventAddCommand : ServerCommand
{
    readonly Option<string> _kind = new("--kind") { Description = "deployment, config-change, rollback, restart, or your own (lowercase, dashes)", HelpName = "KIND", Required = true };
    readonly Option<string> _title = new("--title") { Description = "What happened, in a line", HelpName = "TEXT", Required = true };
    readonly Option<string> _at = new("--at") { Description = "When: ISO 8601 or now-5m [default: now]", HelpName = "TIME" };
    readonly Option<string[]> _label = new("--label") { Description = "A label key=value (repeatable): service=api, host=web-1, env=prod", HelpName = "KEY=VALUE", AllowMultipleArgumentsPerToken = false };
    readonly Option<string> _text = new("--text") { Description = "More detail: a commit, a link, a changelog", HelpName = "TEXT" };

    public MonitorEventAddCommand(CliContext context)
        : base("add", "Record a deployment, configuration change or rollback, e.g. from CI/CD (calls the server; operator key)", context)
    {
        Add(_kind);
        Add(_title);
        Add(_at);
        Add(_label);
        Add(_text);
        Validators.Add(result =>
        {
            LabelArguments.Validate(result, result.GetValue(_label));
            if (result.GetValue(_at) is { } at)
            {
                try
                {
                    MetricQueryText.ParseTime(at, DateTimeOffset.UtcNow, "--at");
                }
                catch (Lightning.Core.Errors.ValidationFailedException ex)
                {
                    result.AddError(string.Join(" ", ex.Errors.SelectMany(e => e.Value)));
                }
            }
        });
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var labels = LabelArguments.Parse(invocation.Value(_label));
        DateTimeOffset? at = invocation.Value(_at) is { } text ? MetricQueryText.ParseTime(text, DateTimeOffset.UtcNow, "--at") : null;
        var result = await invocation.Client.RecordPlatformEventAsync(
            new PlatformEventRequest(invocation.Value(_kind), invocation.Value(_title), at, labels, invocation.Value(_text)), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, result.Json);
            return ExitCodes.Ok;
        }

        var e = result.Value;
        await invocation.Output.WriteLineAsync($"Recorded {e.Kind} '{e.Title}' at {AnalysisText.Time(e.At)} UTC (event {e.Id}).");
        return ExitCodes.Ok;
    }
}
