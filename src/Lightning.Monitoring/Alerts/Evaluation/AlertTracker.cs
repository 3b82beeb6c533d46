using System.Security.Cryptography;
using System.Text;
using Lightning.Monitoring.Alerts.Rules;

namespace Lightning.Monitoring.Alerts.Evaluation;

/// <summary>One alert the tracker follows: a rule on one series (or the rule's no-data or error alert).</summary>
public sealed class TrackedAlert
{
    public required string Fingerprint { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public AlertState State { get; set; }
    public DateTimeOffset ActiveAt { get; set; }
    public DateTimeOffset? FiredAt { get; set; }
    public double? Value { get; set; }
    public string? Reason { get; set; }
    /// <summary>Whatever the owner keeps with the alert (the evaluator: its database id).</summary>
    public string? Id { get; set; }
}

public sealed record AlertTransition(TrackedAlert Alert, AlertState From, AlertState To, DateTimeOffset At);

/// <summary>
/// The state machine of one rule's alerts, per series: a breach makes an alert pending, <c>for</c> later it fires, a
/// clear evaluation resolves it (a pending one just goes back to inactive). No series at all gives the rule's no-data
/// alert (or clears, as the rule says); a failed evaluation gives its error alert and leaves the series as they were.
/// The evaluator and the backtest drive the same machine, so a backtest says what the live rule would have done.
/// </summary>
public sealed class AlertTracker(AlertRule rule)
{
    public const string AlertNameLabel = "alertname";
    public const string AlertStateLabel = "alertstate";
    readonly Dictionary<string, TrackedAlert> _alerts = new(StringComparer.Ordinal);

    public IReadOnlyCollection<TrackedAlert> Alerts => _alerts.Values;

    /// <summary>Resumes an alert that was active before (the evaluator reloads them from the database).</summary>
    public void Restore(TrackedAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        _alerts[alert.Fingerprint] = alert;
    }

    public IReadOnlyList<AlertTransition> Apply(RuleEvaluation evaluation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var transitions = new List<AlertTransition>();
        switch (evaluation.Health)
        {
            case RuleHealth.Error:
                Raise(SpecialLabels("error"), AlertState.Error, null, evaluation.Error, now, transitions);
                return transitions;
            case RuleHealth.NoData:
                ClearSpecial("error", now, transitions);
                foreach (var alert in _alerts.Values.Where(a => a.State is AlertState.Pending or AlertState.Firing).ToList())
                    Clear(alert, now, transitions);
                if (rule.NoData == NoDataBehavior.NoData)
                    Raise(SpecialLabels("no-data"), AlertState.NoData, null, "The query returned no series.", now, transitions);
                else
                    ClearSpecial("no-data", now, transitions);
                return transitions;
        }

        ClearSpecial("error", now, transitions);
        ClearSpecial("no-data", now, transitions);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var verdict in evaluation.Series)
        {
            var labels = SeriesLabels(verdict.Tags);
            var fingerprint = Fingerprint(rule.Id, labels);
            seen.Add(fingerprint);
            _alerts.TryGetValue(fingerprint, out var alert);
            if (!verdict.Breached)
            {
                if (alert is not null) Clear(alert, now, transitions);
                continue;
            }

            if (alert is null)
            {
                alert = new TrackedAlert { Fingerprint = fingerprint, Labels = labels, State = AlertState.Inactive, ActiveAt = now };
                _alerts[fingerprint] = alert;
            }

            alert.Value = verdict.Value;
            alert.Reason = verdict.Reason;
            if (alert.State == AlertState.Inactive)
            {
                var to = rule.For <= TimeSpan.Zero ? AlertState.Firing : AlertState.Pending;
                Move(alert, to, now, transitions);
            }
            else if (alert.State == AlertState.Pending && now - alert.ActiveAt >= rule.For)
            {
                Move(alert, AlertState.Firing, now, transitions);
            }
        }

        // A series that vanished from the result no longer breaches.
        foreach (var alert in _alerts.Values.Where(a => a.State is AlertState.Pending or AlertState.Firing && !seen.Contains(a.Fingerprint)).ToList())
            Clear(alert, now, transitions);
        return transitions;
    }

    void Raise(IReadOnlyDictionary<string, string> labels, AlertState state, double? value, string? reason, DateTimeOffset now, List<AlertTransition> transitions)
    {
        var fingerprint = Fingerprint(rule.Id, labels);
        if (!_alerts.TryGetValue(fingerprint, out var alert))
        {
            alert = new TrackedAlert { Fingerprint = fingerprint, Labels = labels, State = AlertState.Inactive, ActiveAt = now };
            _alerts[fingerprint] = alert;
        }

        alert.Value = value;
        alert.Reason = reason;
        if (alert.State != state) Move(alert, state, now, transitions);
    }

    void ClearSpecial(string kind, DateTimeOffset now, List<AlertTransition> transitions)
    {
        if (_alerts.TryGetValue(Fingerprint(rule.Id, SpecialLabels(kind)), out var alert)) Clear(alert, now, transitions);
    }

    void Clear(TrackedAlert alert, DateTimeOffset now, List<AlertTransition> transitions)
    {
        var to = alert.State == AlertState.Pending ? AlertState.Inactive : AlertState.Resolved;
        Move(alert, to, now, transitions);
        _alerts.Remove(alert.Fingerprint);
    }

    static void Move(TrackedAlert alert, AlertState to, DateTimeOffset now, List<AlertTransition> transitions)
    {
        var from = alert.State;
        if (from == AlertState.Inactive) alert.ActiveAt = now;
        if (to is AlertState.Firing or AlertState.NoData or AlertState.Error) alert.FiredAt = now;
        alert.State = to;
        transitions.Add(new AlertTransition(alert, from, to, now));
    }

    /// <summary>An alert's labels: the rule's, the series' tags and <c>alertname</c>.</summary>
    public IReadOnlyDictionary<string, string> SeriesLabels(IReadOnlyDictionary<string, string> tags)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in rule.Labels) labels[key] = value;
        foreach (var (key, value) in tags) labels[key] = value;
        labels[AlertNameLabel] = rule.Name;
        return labels;
    }

    SortedDictionary<string, string> SpecialLabels(string kind)
    {
        var labels = new SortedDictionary<string, string>(rule.Labels.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), StringComparer.Ordinal)
        {
            [AlertNameLabel] = rule.Name,
            [AlertStateLabel] = kind,
        };
        return labels;
    }

    /// <summary>The rule id and the sorted labels, hashed: the identity of "this rule on this series".</summary>
    public static string Fingerprint(string ruleId, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var text = new StringBuilder(ruleId);
        foreach (var (key, value) in labels.OrderBy(p => p.Key, StringComparer.Ordinal))
            text.Append('\u001f').Append(key).Append('\u001e').Append(value);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 16));
    }
}
