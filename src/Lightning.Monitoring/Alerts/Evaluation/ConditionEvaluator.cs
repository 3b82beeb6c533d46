using Lightning.Core.Errors;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;

namespace Lightning.Monitoring.Alerts.Evaluation;

/// <summary>
/// Checks a rule's condition against the store at one instant. Thresholds push the reduction down to the store (one
/// aggregate query per evaluation); anomalies read the window's points and hand each series to the detector.
/// </summary>
public sealed class ConditionEvaluator(IAnomalyEvaluator? anomalies = null)
{
    public bool CanEvaluateAnomalies => anomalies is not null;

    public async Task<RuleEvaluation> EvaluateAsync(AlertRule rule, IMetricStore? store, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (store is null) return RuleEvaluation.Failed("No metric store is configured: the rule cannot be evaluated.");
        var condition = rule.Condition;
        var from = now - condition.EffectiveWindow;
        try
        {
            if (condition.Type == ConditionType.Anomaly)
            {
                var raw = await store.QueryAsync(rule.Query.ToMetricQuery(from, now), cancellationToken);
                return EvaluateWindows(rule, raw.Series.Select(s => (s.Tags, s.TimestampsNs, s.Values)).ToList());
            }

            var aggregate = Reducers.ToAggregate(condition.Reducer);
            var result = await store.QueryAsync(rule.Query.ToMetricQuery(from, now, aggregate, condition.Percentile), cancellationToken);
            var verdicts = new List<SeriesVerdict>(result.Series.Count);
            foreach (var series in result.Series)
            {
                var value = LastValue(series.Values);
                // A window without points (the store answered NaN) is no data for that series, not a breach.
                if (value is null) continue;
                verdicts.Add(new SeriesVerdict(series.Tags, value, Reducers.Compare(value.Value, condition.Operator!.Value, condition.Threshold!.Value)));
            }

            return verdicts.Count == 0 ? RuleEvaluation.NoSeries : new RuleEvaluation(RuleHealth.Ok, verdicts);
        }
        catch (Exception ex) when (ex is LightningException or IOException or HttpRequestException or TimeoutException or InvalidOperationException
                                       or System.Data.Common.DbException)
        {
            return RuleEvaluation.Failed($"The query failed: {ex.Message}");
        }
    }

    /// <summary>The verdicts for series given as raw points over the window (the backtest's path, and anomalies').</summary>
    public RuleEvaluation EvaluateWindows(AlertRule rule, IReadOnlyList<(IReadOnlyDictionary<string, string> Tags, long[] TimestampsNs, double[] Values)> windows)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(windows);
        var condition = rule.Condition;
        var verdicts = new List<SeriesVerdict>(windows.Count);
        foreach (var (tags, times, values) in windows)
        {
            if (values.All(double.IsNaN)) continue;
            if (condition.Type == ConditionType.Anomaly)
            {
                if (anomalies is null) return RuleEvaluation.Failed("No anomaly detector is installed: anomaly conditions cannot be evaluated.");
                var verdict = anomalies.Evaluate(times, values, condition.Sensitivity);
                verdicts.Add(new SeriesVerdict(tags, verdict.Score, verdict.IsAnomalous, verdict.Reason));
                continue;
            }

            var value = Reducers.Reduce(condition.Reducer, values, condition.Percentile);
            if (value is null) continue;
            verdicts.Add(new SeriesVerdict(tags, value, Reducers.Compare(value.Value, condition.Operator!.Value, condition.Threshold!.Value)));
        }

        return verdicts.Count == 0 ? RuleEvaluation.NoSeries : new RuleEvaluation(RuleHealth.Ok, verdicts);
    }

    static double? LastValue(double[] values)
    {
        for (var i = values.Length - 1; i >= 0; i--)
        {
            if (!double.IsNaN(values[i])) return values[i];
        }

        return null;
    }
}
