using Lightning.Core.Errors;
using Lightning.Monitoring.Alerts.History;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Querying;
using Lightning.Monitoring.Storage;

namespace Lightning.Monitoring.Dashboards;

/// <summary>
/// A dashboard's PDF report over a range: each panel's query (variables substituted, its comparison read an offset
/// earlier), the alert states in the range, drawn by <see cref="DashboardReportWriter"/>.
/// </summary>
public sealed class DashboardReports(
    DashboardStore dashboards, IMetricStore store, AlertRuleStore rules, AlertStateTimeline timeline, TimeProvider timeProvider)
{
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(31);

    /// <summary>The report as PDF bytes; <paramref name="from"/> defaults to the dashboard's time range before <paramref name="to"/> (now).</summary>
    public async Task<(SavedDashboard Dashboard, byte[] Pdf)> WriteAsync(string id, string? from, string? to, CancellationToken cancellationToken)
    {
        var dashboard = await dashboards.GetAsync(id, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var range = MetricQueryText.ParseDuration(dashboard.TimeRange, "timeRange");
        var end = to is null ? now : MetricQueryText.ParseTime(to, now, "to");
        var start = from is null ? end - range : MetricQueryText.ParseTime(from, now, "from");
        if (end <= start) throw new ValidationFailedException(new Dictionary<string, string[]> { ["to"] = [$"'from' ({start:O}) must be before 'to' ({end:O})."] });
        if (end - start > MaxRange) throw new ValidationFailedException(new Dictionary<string, string[]> { ["from"] = [$"A report covers at most {MaxRange.TotalDays} days."] });

        var ruleList = await rules.ListAsync(cancellationToken);
        var alerts = await timeline.ReadAsync(start, end, null, cancellationToken);
        var panels = new List<ReportPanel>();
        foreach (var panel in dashboard.Panels)
        {
            var query = DashboardValidator.ToMetricQuery(panel.Query!, dashboard.Variables, now, start, end);
            var result = await QueryOrEmptyAsync(query, cancellationToken);
            TimeSpan? offset = panel.Compare is { } compare ? MetricQueryText.ParseDuration(compare, "compare") : null;
            var comparison = offset is { } shift ? await QueryOrEmptyAsync(query with { From = start - shift, To = end - shift }, cancellationToken) : null;
            var readers = ruleList.Where(rule => string.Equals(rule.Query.Measurement, query.Measurement, StringComparison.Ordinal)).Select(rule => rule.Id).ToHashSet(StringComparer.Ordinal);
            panels.Add(new ReportPanel(panel, query, result, comparison, offset, [.. alerts.Where(alert => readers.Contains(alert.RuleId))]));
        }

        var pdf = DashboardReportWriter.Write(new DashboardReportData(dashboard, start, end, panels, alerts, now));
        return (dashboard, pdf);
    }

    async Task<Model.QueryResult> QueryOrEmptyAsync(Model.MetricQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return await store.QueryAsync(query, cancellationToken);
        }
        catch (LightningException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            // A panel on a measurement with no data yet is drawn empty, not an error for the whole report.
            return Model.QueryResult.Empty;
        }
    }
}
