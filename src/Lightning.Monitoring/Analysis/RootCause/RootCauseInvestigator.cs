using Lightning.Core.Errors;
using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Analysis.Correlations;
using Lightning.Monitoring.Events;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Monitoring.Analysis.RootCause;

/// <summary>
/// Root-cause hints for an alert or an onset: reads the alert and its rule (for the series that alerted), the platform
/// events of every source around the onset, and the candidate series, and ranks them with <see cref="RootCauseRanker"/>.
/// </summary>
public sealed class RootCauseInvestigator(
    MetricAnalysisService analysis, PlatformEventReader events, AlertStore alerts, AlertRuleStore rules, IMetricStore store,
    ILogger<RootCauseInvestigator>? logger = null)
{
    /// <summary>The most events one investigation weighs.</summary>
    public const int MaxEvents = 1000;

    readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public async Task<RootCauseReport> InvestigateAsync(RootCauseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = request.Settings.Validate();
        if (request.Every <= TimeSpan.Zero) throw new ValidationFailedException(new Dictionary<string, string[]> { ["every"] = ["The bucket must be positive."] });
        var onset = request.Onset;
        var labels = request.Labels;
        var target = request.Target;
        if (request.AlertId is { } alertId)
        {
            var alert = await alerts.GetAsync(alertId, cancellationToken);
            onset ??= alert.ActiveAt;
            labels ??= alert.Labels;
            target ??= await AlertSeriesAsync(alert, cancellationToken);
        }
        if (onset is not { } at)
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["onset"] = ["Give an alert id or the onset time."] });

        // The ranker reads series from 2 × Before ahead of the onset to a little after it (see RootCauseRanker). The target
        // is grouped by every tag so that its series is named as the candidates' are, and left out of them.
        var from = at - 2 * settings.Before;
        var to = at + (settings.After > settings.Before / 3 ? settings.After : settings.Before / 3) + request.Every;
        var window = target is null ? null : target with { From = from, To = to, Aggregate = Aggregate.Mean, Percentile = null, Every = request.Every, Fill = Fill.None, Limit = null, GroupBy = ["*"] };

        var specs = request.Candidates;
        var candidateWhere = request.CandidateWhere;
        if (specs.Count == 0 && window is not null)
        {
            specs = [new CandidateSpec(window.Measurement, window.Field)];
        }
        var candidates = await CandidateQueries.ExpandAsync(store, specs, candidateWhere, from, to, request.Every, cancellationToken);

        // Events are looked for in the ranker's own window: Before ahead of the onset, After past it.
        var found = await events.ReadAsync(at - settings.Before, at + settings.After + TimeSpan.FromTicks(1), null, MaxEvents, cancellationToken);
        var hints = await analysis.RootCauseAsync(at, [.. found.Events.Select(e => e.ToPlatformEvent())], window, candidates, settings, labels, cancellationToken);
        Log.RootCauseRanked(_logger, at, found.Events.Count, candidates.Count, hints.Count);
        return new RootCauseReport(
            at,
            request.AlertId,
            window is null ? null : Describe(window),
            from,
            to,
            hints,
            found.Events,
            [.. candidates.Select(Describe)],
            found.FailedSources);
    }

    /// <summary>The alert's own series: its rule's query narrowed to the alert's group (its labels on the group-by tags).</summary>
    async Task<MetricQuery?> AlertSeriesAsync(AlertView alert, CancellationToken cancellationToken)
    {
        AlertRule rule;
        try
        {
            rule = await rules.GetAsync(alert.RuleId, cancellationToken);
        }
        catch (LightningException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            return null; // the rule was deleted: events still explain, series cannot be found
        }

        var query = rule.Query;
        var group = query.GroupBy.Contains("*", StringComparer.Ordinal)
            ? alert.Labels.Keys.Where(k => !rule.Labels.ContainsKey(k))
            : query.GroupBy;
        var where = query.Where.Concat(group.Where(alert.Labels.ContainsKey).Select(tag => new TagFilter(tag, TagOperator.Equal, alert.Labels[tag]))).ToList();
        return query.ToMetricQuery(alert.ActiveAt, alert.ActiveAt + TimeSpan.FromSeconds(1)) with { Where = where, GroupBy = [] };
    }

    static string Describe(MetricQuery query) =>
        $"{query.Measurement}.{query.Field}" + (query.Where.Count == 0 ? "" : "{" + string.Join(',', query.Where.Select(f => $"{f.Key}{Operator(f.Operator)}{f.Value}")) + "}");

    static string Operator(TagOperator op) => op switch
    {
        TagOperator.Equal => "=",
        TagOperator.NotEqual => "!=",
        TagOperator.Matches => "=~",
        _ => "!~",
    };
}
