using System.CommandLine;
using System.Globalization;
using Lightning.Cli.Output;
using Lightning.Monitoring.Querying;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>monitor query MEASUREMENT [--field] [--where] [--from] [--to] [--aggregate] [--every] [--group-by] [--fill]</c>:
/// reads one field through the server, per series a summary and its newest points.
/// </summary>
internal sealed class MonitorQueryCommand : ServerCommand
{
    readonly Argument<string> _measurement = new("MEASUREMENT") { Description = "The measurement, e.g. cpu, mem, http_requests" };
    readonly Option<string> _field = new("--field") { Description = "The field [default: value]", HelpName = "FIELD" };
    readonly Option<string> _where = new("--where") { Description = "Tag filters: host=web-1,cpu!=cpu-total,path=~^/var", HelpName = "FILTERS" };
    readonly Option<string> _from = new("--from") { Description = "Start: ISO 8601, now-1h or -15m [default: now-1h]", HelpName = "TIME" };
    readonly Option<string> _to = new("--to") { Description = "End [default: now]", HelpName = "TIME" };
    readonly Option<string> _aggregate = new("--aggregate") { Description = "mean, min, max, sum, count, first, last, median, stddev or a percentile (p95)", HelpName = "FUNCTION" };
    readonly Option<string> _every = new("--every") { Description = "Bucket width with --aggregate: 10s, 1m, 1h", HelpName = "DURATION" };
    readonly Option<string> _groupBy = new("--group-by") { Description = "Tags to group by (host,cpu), or * for every series", HelpName = "TAGS" };
    readonly Option<string> _fill = new("--fill") { Description = "Empty buckets: none, null, previous, zero, linear [default: none]", HelpName = "FILL" };
    readonly Option<int?> _points = NumberOption.Create("--points", "Newest points shown per series (0-10000) [default: 10]", "N", 0, 10_000);

    public MonitorQueryCommand(CliContext context)
        : base("query", "Read a field of a measurement: raw points or buckets, per series (calls the server)", context)
    {
        Add(_measurement);
        Add(_field);
        Add(_where);
        Add(_from);
        Add(_to);
        Add(_aggregate);
        Add(_every);
        Add(_groupBy);
        Add(_fill);
        Add(_points);
        // The same text forms the API reads, checked here so that a typo is one line before any request.
        Validators.Add(result =>
        {
            try
            {
                MetricQueryText.ParseWhere(result.GetValue(_where), "--where");
                if (result.GetValue(_aggregate) is { } aggregate) MetricQueryText.ParseAggregate(aggregate, "--aggregate");
                if (result.GetValue(_every) is { } every) MetricQueryText.ParseDuration(every, "--every");
                if (result.GetValue(_fill) is { } fill) MetricQueryText.ParseFill(fill, "--fill");
                if (result.GetValue(_from) is { } from) MetricQueryText.ParseTime(from, DateTimeOffset.UtcNow, "--from");
                if (result.GetValue(_to) is { } to) MetricQueryText.ParseTime(to, DateTimeOffset.UtcNow, "--to");
            }
            catch (Lightning.Core.Errors.ValidationFailedException ex)
            {
                result.AddError(string.Join(" ", ex.Errors.Select(pair => $"{pair.Key}: {string.Join(" ", pair.Value)}")));
            }

            if (result.GetValue(_every) is not null && result.GetValue(_aggregate) is null)
                result.AddError("--every needs --aggregate (e.g. --aggregate mean --every 1m).");
        });
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var view = await invocation.Client.QueryMetricsAsync(new Dictionary<string, string?>
        {
            ["measurement"] = invocation.Required(_measurement),
            ["field"] = invocation.Value(_field),
            ["where"] = invocation.Value(_where),
            ["from"] = invocation.Value(_from),
            ["to"] = invocation.Value(_to),
            ["aggregate"] = invocation.Value(_aggregate),
            ["every"] = invocation.Value(_every),
            ["groupBy"] = invocation.Value(_groupBy),
            ["fill"] = invocation.Value(_fill),
        }, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, view.Json);
            return ExitCodes.Ok;
        }

        var result = view.Value;
        var label = $"{result.Measurement}.{result.Field}" + (result.Aggregate is { } function ? $" {function}" + (result.Every is { } every ? $" every {every}" : string.Empty) : string.Empty);
        if (result.Series.Count == 0)
        {
            await invocation.Output.WriteLineAsync($"No points for {label} between {Formats.Time(result.From)} and {Formats.Time(result.To)}.");
            return ExitCodes.Ok;
        }

        var shown = invocation.Value(_points) ?? 10;
        foreach (var series in result.Series)
        {
            var values = series.Values.OfType<double>().ToList();
            var tags = series.Tags.Count == 0 ? string.Empty : " {" + string.Join(",", series.Tags.Select(tag => $"{tag.Key}={tag.Value}")) + "}";
            await invocation.Output.WriteLineAsync(values.Count == 0
                ? $"{label}{tags}: {series.Values.Length} points, all empty"
                : $"{label}{tags}: {series.Values.Length} points, min {Number(values.Min())}, mean {Number(values.Average())}, max {Number(values.Max())}, last {Number(values[^1])}");
            if (shown == 0)
            {
                continue;
            }

            var table = new TextTable("TIME", "VALUE");
            for (var i = Math.Max(0, series.Times.Length - shown); i < series.Times.Length; i++)
            {
                table.Add(DateTimeOffset.FromUnixTimeMilliseconds(series.Times[i]).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture), series.Values[i] is { } value ? Number(value) : "-");
            }

            table.Write(invocation.Output);
        }

        return ExitCodes.Ok;
    }

    static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
