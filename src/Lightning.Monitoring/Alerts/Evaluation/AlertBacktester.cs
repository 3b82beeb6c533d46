using Lightning.Core.Errors;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Alerts.Evaluation;

/// <summary>
/// Runs a rule over stored history: one query for the range (plus one window before it), then the rule's evaluation
/// replayed in memory at each interval through the same <see cref="AlertTracker"/> the live evaluator uses, so the
/// answer is when the live rule would have gone pending, fired and resolved.
/// </summary>
public sealed class AlertBacktester(ConditionEvaluator conditions, IServiceProvider services, IOptions<AlertOptions> options)
{
    public const int MaxEvaluations = 200_000;

    public async Task<BacktestResult> RunAsync(AlertRule rule, DateTimeOffset? fromOrNull, DateTimeOffset? toOrNull, CancellationToken cancellationToken)
    {
        rule = AlertRuleValidator.Validate(rule, conditions.CanEvaluateAnomalies);
        var validator = new Validator();
        validator.Require(fromOrNull is not null, "from", "Give the start of the range (from, ISO 8601).");
        validator.Require(toOrNull is not null, "to", "Give the end of the range (to, ISO 8601).");
        validator.ThrowIfInvalid();
        var (from, to) = (fromOrNull!.Value, toOrNull!.Value);
        var maxDays = options.Value.MaxBacktestDays;
        validator.Require(to > from, "to", "'to' is after 'from'.");
        validator.Require(to - from <= TimeSpan.FromDays(maxDays), "to", $"A backtest covers at most {maxDays} days.");
        var steps = (long)((to - from) / rule.Interval) + 1;
        validator.Require(steps <= MaxEvaluations, "interval",
            $"{steps} evaluations at {Duration.Format(rule.Interval)}: at most {MaxEvaluations}; use a shorter range or a longer interval.");
        validator.ThrowIfInvalid();
        var store = services.GetService<IMetricStore>()
            ?? throw new LightningException(ErrorKind.Unavailable, "monitoring.store_missing", "No metric store is configured: there is no history to backtest on.");

        var window = rule.Condition.EffectiveWindow;
        var data = await store.QueryAsync(rule.Query.ToMetricQuery(from - window, to), cancellationToken);
        var series = data.Series.Select(s => Sorted(s.Tags, s.TimestampsNs, s.Values)).ToList();
        var starts = new int[series.Count];
        var ends = new int[series.Count];
        var tracker = new AlertTracker(rule.Id.Length > 0 ? rule : rule with { Id = "backtest" });
        var transitions = new List<BacktestTransition>();
        var open = new Dictionary<string, BacktestAlertBuilder>(StringComparer.Ordinal);
        var closed = new List<BacktestAlert>();
        var evaluations = 0;
        for (var at = from; at <= to; at += rule.Interval)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lowNs = Model.Timestamps.ToNanoseconds(at - window);
            var highNs = Model.Timestamps.ToNanoseconds(at);
            var windows = new List<(IReadOnlyDictionary<string, string>, long[], double[])>(series.Count);
            for (var s = 0; s < series.Count; s++)
            {
                var (tags, times, values) = series[s];
                while (starts[s] < times.Length && times[starts[s]] < lowNs) starts[s]++;
                while (ends[s] < times.Length && times[ends[s]] < highNs) ends[s]++;
                if (ends[s] > starts[s]) windows.Add((tags, times[starts[s]..ends[s]], values[starts[s]..ends[s]]));
            }

            var evaluation = conditions.EvaluateWindows(rule, windows);
            evaluations++;
            foreach (var transition in tracker.Apply(evaluation, at))
            {
                var alert = transition.Alert;
                transitions.Add(new BacktestTransition(at, alert.Labels, transition.From, transition.To, alert.Value));
                if (!open.TryGetValue(alert.Fingerprint, out var builder))
                {
                    builder = new BacktestAlertBuilder(alert.Labels, at);
                    open[alert.Fingerprint] = builder;
                }

                if (transition.To is AlertState.Firing) builder.FiredAt ??= at;
                if (transition.To is AlertState.NoData or AlertState.Error) builder.NoDataAt ??= at;
                builder.State = transition.To;
                if (transition.To is AlertState.Resolved or AlertState.Inactive)
                {
                    builder.ResolvedAt = at;
                    closed.Add(builder.Build());
                    open.Remove(alert.Fingerprint);
                }
            }

            foreach (var alert in tracker.Alerts)
            {
                if (open.TryGetValue(alert.Fingerprint, out var builder) && alert.Value is { } v && double.IsFinite(v))
                    builder.Peak = builder.Peak is { } p ? Math.Max(p, v) : v;
            }
        }

        closed.AddRange(open.Values.Select(b => b.Build()));
        return new BacktestResult(rule.Name, from, to, rule.Interval, evaluations, data.Series.Count, data.PointCount,
            closed.OrderBy(a => a.ActiveAt).ToList(), transitions);
    }

    static (IReadOnlyDictionary<string, string>, long[], double[]) Sorted(IReadOnlyDictionary<string, string> tags, long[] times, double[] values)
    {
        for (var i = 1; i < times.Length; i++)
        {
            if (times[i] >= times[i - 1]) continue;
            var (t, v) = (times.ToArray(), values.ToArray());
            Array.Sort(t, v);
            return (tags, t, v);
        }

        return (tags, times, values);
    }

    sealed class BacktestAlertBuilder(IReadOnlyDictionary<string, string> labels, DateTimeOffset activeAt)
    {
        public DateTimeOffset? FiredAt { get; set; }
        public DateTimeOffset? ResolvedAt { get; set; }
        public DateTimeOffset? NoDataAt { get; set; }
        public AlertState State { get; set; }
        public double? Peak { get; set; }

        public BacktestAlert Build() => new(labels, activeAt, FiredAt, ResolvedAt, State, Peak, NoDataAt);
    }
}
