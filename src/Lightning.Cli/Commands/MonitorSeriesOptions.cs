using System.CommandLine;
using Lightning.Core.Errors;
using Lightning.Monitoring.Querying;

namespace Lightning.Cli.Commands;

/// <summary>
/// The series an analysis command reads: <c>MEASUREMENT --field --where --from --to --aggregate --every --group-by</c>,
/// checked with the same text forms the API reads, and sent as the analysis routes' query parameters.
/// </summary>
internal sealed class MonitorSeriesOptions
{
    readonly Argument<string> _measurement = new("MEASUREMENT") { Description = "The measurement, e.g. cpu, mem, disk, http_requests" };
    readonly Option<string> _field = new("--field") { Description = "The field [default: value]", HelpName = "FIELD" };
    readonly Option<string> _where = new("--where") { Description = "Tag filters: host=web-1,path=~^/var", HelpName = "FILTERS" };
    readonly Option<string> _from;
    readonly Option<string> _to = new("--to") { Description = "End [default: now]", HelpName = "TIME" };
    readonly Option<string> _aggregate = new("--aggregate") { Description = "Per bucket: mean, max, p95... or raw for raw points [default: mean]", HelpName = "FUNCTION" };
    readonly Option<string> _every = new("--every") { Description = "Bucket width [default: 1m]", HelpName = "DURATION" };
    readonly Option<string> _groupBy = new("--group-by") { Description = "Tags to group by (host), or * for every series", HelpName = "TAGS" };

    public MonitorSeriesOptions(Command command, string defaultFrom, bool measurementRequired = true)
    {
        ArgumentNullException.ThrowIfNull(command);
        _from = new("--from") { Description = $"Start: ISO 8601, now-1h or -15m [default: {defaultFrom}]", HelpName = "TIME" };
        if (!measurementRequired) _measurement.Arity = ArgumentArity.ZeroOrOne;
        command.Add(_measurement);
        command.Add(_field);
        command.Add(_where);
        command.Add(_from);
        command.Add(_to);
        command.Add(_aggregate);
        command.Add(_every);
        command.Add(_groupBy);
        command.Validators.Add(result =>
        {
            try
            {
                MetricQueryText.ParseWhere(result.GetValue(_where), "--where");
                if (result.GetValue(_aggregate) is { } aggregate && !string.Equals(aggregate, "raw", StringComparison.OrdinalIgnoreCase)) MetricQueryText.ParseAggregate(aggregate, "--aggregate");
                if (result.GetValue(_every) is { } every) MetricQueryText.ParseDuration(every, "--every");
                if (result.GetValue(_from) is { } from) MetricQueryText.ParseTime(from, DateTimeOffset.UtcNow, "--from");
                if (result.GetValue(_to) is { } to) MetricQueryText.ParseTime(to, DateTimeOffset.UtcNow, "--to");
            }
            catch (ValidationFailedException ex)
            {
                result.AddError(string.Join(" ", ex.Errors.Select(pair => $"{pair.Key}: {string.Join(" ", pair.Value)}")));
            }
        });
    }

    public Dictionary<string, string?> Parameters(ServerInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["measurement"] = invocation.Value(_measurement),
            ["field"] = invocation.Value(_field),
            ["where"] = invocation.Value(_where),
            ["from"] = invocation.Value(_from),
            ["to"] = invocation.Value(_to),
            ["aggregate"] = invocation.Value(_aggregate),
            ["every"] = invocation.Value(_every),
            ["groupBy"] = invocation.Value(_groupBy),
        };
    }
}
