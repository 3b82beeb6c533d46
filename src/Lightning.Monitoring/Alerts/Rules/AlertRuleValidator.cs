using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Monitoring.Alerts.Evaluation;

namespace Lightning.Monitoring.Alerts.Rules;

/// <summary>Every problem of a rule at once, each with a message that says what to write instead.</summary>
public static partial class AlertRuleValidator
{
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelName();

    /// <summary>Throws with every problem of <paramref name="rule"/>; returns it with empty collections for missing ones.</summary>
    public static AlertRule Validate(AlertRule? rule, bool anomaliesAvailable)
    {
        var validator = new Validator();
        if (rule is null)
        {
            validator.Add("rule", "Send a rule: name, query, condition.");
            validator.ThrowIfInvalid();
            return null!;
        }

        if (string.IsNullOrWhiteSpace(rule.Name) || rule.Name.Length > 255 || rule.Name.Any(char.IsControl))
            validator.Add("name", "Name the rule: 1 to 255 printable characters.");

        if (rule.Query is null)
        {
            validator.Add("query", "Say what the rule reads: query.measurement (and query.field, 'value' by default).");
        }
        else
        {
            validator.Require(!string.IsNullOrWhiteSpace(rule.Query.Measurement), "query.measurement", "Name the measurement the rule reads.");
            validator.Require(!string.IsNullOrWhiteSpace(rule.Query.Field), "query.field", "Name the field the rule reads.");
            LabelMatchers.Validate(validator, "query.where", rule.Query.Where);
            if (rule.Query.GroupBy?.Any(string.IsNullOrWhiteSpace) == true)
                validator.Add("query.groupBy", "Group by tag names (or \"*\"), without empty ones.");
        }

        var condition = rule.Condition;
        if (condition is null)
        {
            validator.Add("condition", "Give a condition: {\"type\":\"threshold\",\"operator\":\">\",\"threshold\":90} or {\"type\":\"anomaly\"}.");
        }
        else if (condition.Type == ConditionType.Threshold)
        {
            validator.Require(condition.Operator is not null, "condition.operator", "A threshold needs an operator: >, >=, <, <=, == or !=.");
            validator.Require(condition.Threshold is { } t && double.IsFinite(t), "condition.threshold", "A threshold needs a finite number to compare with.");
            if (condition.Reducer == Reducer.Percentile)
                validator.Require(condition.Percentile is >= 0 and <= 100, "condition.percentile", "The percentile reducer needs a percentile from 0 to 100.");
            validator.Require(condition.Sensitivity is null, "condition.sensitivity", "Sensitivity is for anomaly conditions.");
        }
        else
        {
            validator.Require(anomaliesAvailable, "condition.type",
                "Anomaly conditions need the analysis module's detector, which this server does not have: use a threshold.");
            validator.Require(condition.Sensitivity is null or > 0 and <= 100, "condition.sensitivity", "Sensitivity is a number above 0 (5 by default).");
            validator.Require(condition.Operator is null && condition.Threshold is null, "condition.operator", "Anomaly conditions take no operator or threshold.");
        }

        if (condition is not null && condition.Window is { } window && (window <= TimeSpan.Zero || window > MaxWindow))
            validator.Add("condition.window", $"The window is a duration above 0 and at most {Duration.Format(MaxWindow)}.");

        validator.Require(rule.For >= TimeSpan.Zero && rule.For <= MaxWindow, "for", $"'for' is a duration from 0 to {Duration.Format(MaxWindow)}.");
        validator.Require(rule.Interval >= MinInterval && rule.Interval <= MaxInterval, "interval",
            $"The interval is a duration from {Duration.Format(MinInterval)} to {Duration.Format(MaxInterval)} (5s by default).");
        ValidateLabels(validator, "labels", rule.Labels, checkNames: true);
        ValidateLabels(validator, "annotations", rule.Annotations, checkNames: true);
        if (rule.Labels?.ContainsKey(AlertTracker.AlertNameLabel) == true || rule.Labels?.ContainsKey(AlertTracker.AlertStateLabel) == true)
            validator.Add("labels", $"'{AlertTracker.AlertNameLabel}' and '{AlertTracker.AlertStateLabel}' are set by the platform.");
        validator.ThrowIfInvalid();
        return rule with
        {
            Name = rule.Name.Trim(),
            Query = rule.Query! with { Where = rule.Query!.Where ?? [], GroupBy = rule.Query.GroupBy ?? [] },
            Labels = rule.Labels ?? new Dictionary<string, string>(StringComparer.Ordinal),
            Annotations = rule.Annotations ?? new Dictionary<string, string>(StringComparer.Ordinal),
        };
    }

    static void ValidateLabels(Validator validator, string field, IReadOnlyDictionary<string, string>? labels, bool checkNames)
    {
        if (labels is null) return;
        if (labels.Count > 64) validator.Add(field, "At most 64 entries.");
        foreach (var (key, value) in labels)
        {
            if (checkNames && !LabelName().IsMatch(key))
                validator.Add(field, $"'{key}' is not a label name: letters, digits and _, not starting with a digit.");
            if (value is null || value.Length > 2000)
                validator.Add(field, $"The value of '{key}' must be given and at most 2000 characters.");
        }
    }
}
