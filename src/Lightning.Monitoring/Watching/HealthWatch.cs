using System.Globalization;
using Lightning.Core.Errors;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;

namespace Lightning.Monitoring.Watching;

/// <summary>How long to watch, how often to look, and how many breaches in a row make the verdict.</summary>
public sealed record WatchOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Consecutive breaching evaluations of one check that make the watch degraded (and end it early).</summary>
    public int BreachesToFail { get; init; } = 2;
}

/// <summary>
/// Watches a deployment for a while: every interval each <see cref="HealthCheck"/> is evaluated over its trailing
/// window; a check breaching <see cref="WatchOptions.BreachesToFail"/> times in a row makes the watch
/// <see cref="WatchVerdict.Degraded"/> at once, else it ends <see cref="WatchVerdict.Healthy"/> when the duration is up.
/// This is what the monitor tool runs when a collaboration says "watch the canary, roll back if it degrades".
/// </summary>
public sealed class HealthWatch(IMetricStore store, TimeProvider time)
{
    public const int MaxChecks = 20;

    public static void Validate(IReadOnlyList<HealthCheck> checks, WatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (checks.Count is 0 or > MaxChecks)
        {
            errors["checks"] = [$"A watch needs 1 to {MaxChecks} checks."];
        }

        foreach (var (check, i) in checks.Select((check, i) => (check, i)))
        {
            var problems = new List<string>();
            if (string.IsNullOrWhiteSpace(check.Measurement)) problems.Add("a measurement is required.");
            if (check.Threshold is null && check.BaselineWhere is null) problems.Add("give a threshold, or a baseline to compare with.");
            if (check.Window <= TimeSpan.Zero) problems.Add("the window must be positive.");
            if (check.Tolerance is < 0 or > 100) problems.Add("the tolerance is a fraction from 0 to 100.");
            if (problems.Count > 0) errors[$"checks[{i}]"] = [.. problems.Select(problem => $"Check '{check.Name}': {problem}")];
        }

        if (options.Interval <= TimeSpan.Zero || options.Duration < options.Interval)
        {
            errors["duration"] = ["The duration must be at least one interval, and the interval positive."];
        }

        if (options.BreachesToFail < 1)
        {
            errors["breachesToFail"] = ["At least one breach is needed to fail."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    public async Task<WatchReport> RunAsync(IReadOnlyList<HealthCheck> checks, WatchOptions options, IProgress<CheckReading>? progress, CancellationToken cancellationToken)
    {
        Validate(checks, options);
        var started = time.GetUtcNow();
        var readings = new List<CheckReading>();
        var streaks = new int[checks.Count];
        var evaluations = 0;
        while (true)
        {
            // Evaluations happen on a fixed schedule from the start, whatever each one took.
            var at = started + (options.Interval * evaluations);
            evaluations++;
            for (var i = 0; i < checks.Count; i++)
            {
                var reading = await EvaluateAsync(checks[i], at, cancellationToken);
                readings.Add(reading);
                progress?.Report(reading);
                streaks[i] = reading.Breached ? streaks[i] + 1 : 0;
                if (streaks[i] >= options.BreachesToFail)
                {
                    var summary = $"Degraded: '{checks[i].Name}' breached {streaks[i]} times in a row ({reading.Reason}).";
                    return new WatchReport(WatchVerdict.Degraded, summary, started, at, evaluations, readings);
                }
            }

            var next = started + (options.Interval * evaluations);
            if (next > started + options.Duration)
            {
                var healthy = $"Healthy: {checks.Count} check{(checks.Count == 1 ? "" : "s")} over {Text(options.Duration)}, {evaluations} evaluations"
                    + (readings.Any(reading => reading.Breached) ? $", {readings.Count(reading => reading.Breached)} isolated breaches." : ", no breach.");
                return new WatchReport(WatchVerdict.Healthy, healthy, started, at, evaluations, readings);
            }

            var wait = next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    /// <summary>One check at <paramref name="at"/>: its aggregate over the window before it, against its limit.</summary>
    public async Task<CheckReading> EvaluateAsync(HealthCheck check, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        var value = await AggregateAsync(check, check.Where, at, cancellationToken);
        double? baseline = null;
        double? limit = check.Threshold;
        if (check.BaselineWhere is { } baselineWhere)
        {
            baseline = await AggregateAsync(check, baselineWhere, at, cancellationToken);
            limit = baseline is { } b
                ? check.Comparison is Comparison.Above or Comparison.AtLeast ? b + (Math.Abs(b) * check.Tolerance) : b - (Math.Abs(b) * check.Tolerance)
                : check.Threshold;
        }

        var label = MetricQueryLabel(check);
        if (value is null)
        {
            return new CheckReading(at, check.Name, null, limit, baseline, check.NoDataBreaches,
                $"no {label} in the last {Text(check.Window)}");
        }

        if (limit is null)
        {
            // A baseline without data and no fixed threshold: nothing to compare with, so no verdict either way.
            return new CheckReading(at, check.Name, value, null, null, false, $"{label} = {Number(value.Value)}; the baseline has no data");
        }

        var breached = check.Comparison switch
        {
            Comparison.Above => value > limit,
            Comparison.AtLeast => value >= limit,
            Comparison.Below => value < limit,
            _ => value <= limit,
        };
        var relation = check.Comparison switch
        {
            Comparison.Above => breached ? ">" : "<=",
            Comparison.AtLeast => breached ? ">=" : "<",
            Comparison.Below => breached ? "<" : ">=",
            _ => breached ? "<=" : ">",
        };
        var against = baseline is { } baseValue
            ? $"the baseline {Number(baseValue)} with {check.Tolerance:P0} tolerance ({Number(limit.Value)})"
            : Number(limit.Value);
        return new CheckReading(at, check.Name, value, limit, baseline, breached, $"{label} = {Number(value.Value)} {relation} {against}");
    }

    async Task<double?> AggregateAsync(HealthCheck check, IReadOnlyList<TagFilter> where, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var result = await store.QueryAsync(new MetricQuery
        {
            Measurement = check.Measurement,
            Field = check.Field,
            Where = where,
            From = at - check.Window,
            To = at,
            Aggregate = check.Aggregate,
            Percentile = check.Percentile,
        }, cancellationToken);
        var values = result.Series.SelectMany(series => series.Values).Where(value => !double.IsNaN(value)).ToList();
        return values.Count == 0 ? null : values[0];
    }

    static string MetricQueryLabel(HealthCheck check) =>
        $"{Querying.MetricQueryText.Format(check.Aggregate, check.Percentile)}({check.Measurement}.{check.Field}"
        + (check.Where.Count > 0 ? " where " + string.Join(",", check.Where.Select(filter => filter.Key + OperatorText(filter.Operator) + filter.Value)) : string.Empty) + ")";

    static string OperatorText(TagOperator op) => op switch
    {
        TagOperator.Equal => "=",
        TagOperator.NotEqual => "!=",
        TagOperator.Matches => "=~",
        _ => "!~",
    };

    static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    static string Text(TimeSpan span) => span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{span.TotalHours:0}h"
        : span.TotalMinutes >= 1 && span.TotalMinutes == Math.Floor(span.TotalMinutes) ? $"{span.TotalMinutes:0}m"
        : $"{span.TotalSeconds:0.#}s";
}
