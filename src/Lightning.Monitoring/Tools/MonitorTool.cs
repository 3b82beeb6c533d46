using System.Globalization;
using System.Text.Json;
using Lightning.Agents.Registry;
using Lightning.Agents.Tools;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Querying;
using Lightning.Monitoring.Storage;
using Lightning.Monitoring.Watching;

namespace Lightning.Monitoring.Tools;

/// <summary>
/// The monitor tool agent: lets a collaboration read metrics (<c>query</c>) and watch a deployment (<c>watch</c>) —
/// "deploy a canary, watch it, roll back if it degrades" is a watch whose failure runs the rollback (the step's
/// compensating subtask). A degraded watch fails the step, not retried (the same deployment would degrade again),
/// with its report as the output; <c>allowDegraded</c> makes it succeed with the verdict instead.
/// </summary>
public sealed class MonitorTool(IMetricStore store, TimeProvider time) : IAgentTool
{
    const int MaxSeries = 20;
    const int MaxPoints = 500;
    static readonly string[] Operations = ["query", "watch"];

    public string Name => "monitor";

    public string Description =>
        "Read metrics and watch deployments: operation = query or watch. "
        + "query: measurement, field? (default value), where? (\"host=web-1,version=~^2\\\\.\"), from? (default now-15m), to? (now), aggregate? (mean, max, p95, ...), every? (bucket, e.g. 1m), groupBy? (\"host\" or \"*\") — the series with their last, min, max and mean. "
        + "watch: checks = [{name, measurement, field?, where?, aggregate? (default mean), window? (default 1m), comparison? (above, at-least, below, at-most; default above), threshold? or baseline? (the comparison group's filters, e.g. \"version=stable\") with tolerance? (default 0.2), noDataBreaches?}], "
        + "duration? (default 5m), interval? (default 15s), breachesToFail? (default 2), allowDegraded? — healthy or degraded, with every reading; degraded fails the step.";

    public string? Capability => Capabilities.Monitoring;

    public IReadOnlyList<string> Validate(JsonElement input)
    {
        var errors = new List<string>();
        if (!ToolInput.IsObject(input, errors, Name))
        {
            return errors;
        }

        var operation = ToolInput.Text(input, "operation", errors, required: true);
        if (operation is not null && !Operations.Contains(operation, StringComparer.Ordinal))
        {
            errors.Add($"'operation' must be one of: {string.Join(", ", Operations)}.");
            return errors;
        }

        try
        {
            if (operation == "query")
            {
                _ = ReadQuery(input, time.GetUtcNow());
            }
            else if (operation == "watch")
            {
                var (checks, options, _) = ReadWatch(input);
                HealthWatch.Validate(checks, options);
            }
        }
        catch (ValidationFailedException ex)
        {
            errors.AddRange(ex.Errors.SelectMany(pair => pair.Value));
        }

        return errors;
    }

    public async Task<ToolResult> RunAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var problems = Validate(invocation.Input);
        if (problems.Count > 0)
        {
            return ToolResult.Failure(string.Join(" ", problems), retryable: false);
        }

        try
        {
            return invocation.Input.GetProperty("operation").GetString() == "query"
                ? await QueryAsync(invocation.Input, cancellationToken)
                : await WatchAsync(invocation.Input, cancellationToken);
        }
        catch (LightningException ex)
        {
            return ToolResult.Failure(ex.Message, retryable: ex.Kind == ErrorKind.Unavailable);
        }
    }

    async Task<ToolResult> QueryAsync(JsonElement input, CancellationToken cancellationToken)
    {
        var query = ReadQuery(input, time.GetUtcNow());
        var result = await store.QueryAsync(query, cancellationToken);
        var series = result.Series.Take(MaxSeries).Select(one =>
        {
            var values = one.Values.Where(value => !double.IsNaN(value)).ToArray();
            return new
            {
                tags = one.Tags,
                field = one.Field,
                points = one.Values.Length,
                last = values.Length > 0 ? values[^1] : (double?)null,
                min = values.Length > 0 ? values.Min() : (double?)null,
                max = values.Length > 0 ? values.Max() : (double?)null,
                mean = values.Length > 0 ? values.Average() : (double?)null,
                timestamps = one.TimestampsNs.TakeLast(MaxPoints).Select(Timestamps.FromNanoseconds),
                values = one.Values.TakeLast(MaxPoints),
            };
        }).ToList();
        return ToolResult.Success(Json(new
        {
            measurement = query.Measurement,
            field = query.Field,
            from = query.From,
            to = query.To,
            seriesCount = result.Series.Count,
            truncated = result.Series.Count > MaxSeries || result.Series.Any(one => one.Values.Length > MaxPoints),
            series,
        }));
    }

    async Task<ToolResult> WatchAsync(JsonElement input, CancellationToken cancellationToken)
    {
        var (checks, options, allowDegraded) = ReadWatch(input);
        var report = await new HealthWatch(store, time).RunAsync(checks, options, null, cancellationToken);
        var output = Json(new
        {
            verdict = report.Verdict == WatchVerdict.Healthy ? "healthy" : "degraded",
            summary = report.Summary,
            startedAt = report.StartedAt,
            finishedAt = report.FinishedAt,
            evaluations = report.Evaluations,
            readings = report.Readings,
        });
        return report.Verdict == WatchVerdict.Degraded && !allowDegraded
            ? ToolResult.Failure(report.Summary, output, retryable: false)
            : ToolResult.Success(output);
    }

    internal static MetricQuery ReadQuery(JsonElement input, DateTimeOffset now)
    {
        var errors = new List<string>();
        var measurement = ToolInput.Text(input, "measurement", errors, required: true);
        var field = ToolInput.Text(input, "field", errors, required: false);
        var where = ToolInput.Text(input, "where", errors, required: false);
        var from = ToolInput.Text(input, "from", errors, required: false);
        var to = ToolInput.Text(input, "to", errors, required: false);
        var aggregate = ToolInput.Text(input, "aggregate", errors, required: false);
        var every = ToolInput.Text(input, "every", errors, required: false);
        var groupBy = ToolInput.Text(input, "groupBy", errors, required: false);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(string.Join(" ", errors));
        }

        return MetricQueryText.ReadQuery(measurement, field, where, from, to, aggregate, every, groupBy, null, null, now, defaultFrom: "now-15m");
    }

    internal static (IReadOnlyList<HealthCheck> Checks, WatchOptions Options, bool AllowDegraded) ReadWatch(JsonElement input)
    {
        var errors = new List<string>();
        var checks = new List<HealthCheck>();
        if (!input.TryGetProperty("checks", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new ValidationFailedException("'checks' is required: a list of {name, measurement, threshold or baseline, ...}.");
        }

        foreach (var (item, i) in list.EnumerateArray().Select((item, i) => (item, i)))
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"checks[{i}] must be an object.");
                continue;
            }

            var name = ToolInput.Text(item, "name", errors, required: false) ?? $"check {i + 1}";
            var aggregate = ToolInput.Text(item, "aggregate", errors, required: false) ?? "mean";
            var (function, percentile) = MetricQueryText.ParseAggregate(aggregate, $"checks[{i}].aggregate");
            var baseline = ToolInput.Text(item, "baseline", errors, required: false);
            checks.Add(new HealthCheck
            {
                Name = name,
                Measurement = ToolInput.Text(item, "measurement", errors, required: true) ?? string.Empty,
                Field = ToolInput.Text(item, "field", errors, required: false) ?? "value",
                Where = MetricQueryText.ParseWhere(ToolInput.Text(item, "where", errors, required: false), $"checks[{i}].where"),
                Aggregate = function,
                Percentile = percentile,
                Window = MetricQueryText.ParseDuration(ToolInput.Text(item, "window", errors, required: false) ?? "1m", $"checks[{i}].window"),
                Comparison = ReadComparison(ToolInput.Text(item, "comparison", errors, required: false) ?? "above", i),
                Threshold = Double(item, "threshold", errors),
                BaselineWhere = baseline is null ? null : MetricQueryText.ParseWhere(baseline, $"checks[{i}].baseline"),
                Tolerance = Double(item, "tolerance", errors) ?? 0.2,
                NoDataBreaches = ToolInput.Bool(item, "noDataBreaches", errors),
            });
        }

        var options = new WatchOptions
        {
            Duration = MetricQueryText.ParseDuration(ToolInput.Text(input, "duration", errors, required: false) ?? "5m", "duration"),
            Interval = MetricQueryText.ParseDuration(ToolInput.Text(input, "interval", errors, required: false) ?? "15s", "interval"),
            BreachesToFail = ToolInput.Number(input, "breachesToFail", errors) ?? 2,
        };
        var allowDegraded = ToolInput.Bool(input, "allowDegraded", errors);
        return errors.Count > 0 ? throw new ValidationFailedException(string.Join(" ", errors)) : (checks, options, allowDegraded);
    }

    static Comparison ReadComparison(string text, int index) => text switch
    {
        "above" => Comparison.Above,
        "at-least" => Comparison.AtLeast,
        "below" => Comparison.Below,
        "at-most" => Comparison.AtMost,
        _ => throw new ValidationFailedException($"checks[{index}].comparison '{text}' must be above, at-least, below or at-most."),
    };

    static double? Double(JsonElement input, string name, List<string> errors)
    {
        if (!input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }

        errors.Add(string.Create(CultureInfo.InvariantCulture, $"'{name}' must be a number."));
        return null;
    }

    static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value, LightningJson.Options);
}
