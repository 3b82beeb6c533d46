using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Alerts.Notifications;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Server.Endpoints;
using Lightning.Server.Endpoints.Monitoring;

namespace Lightning.Cli.Api;

internal sealed partial class LightningClient
{
    /// <summary><c>GET /api/v2/monitoring/query</c> with the given parameters (nulls left out).</summary>
    public Task<ApiResult<MetricQueryView>> QueryMetricsAsync(IReadOnlyDictionary<string, string?> parameters, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        foreach (var (name, value) in parameters)
        {
            AddQuery(query, name, value);
        }

        return SendAsync<MetricQueryView>(HttpMethod.Get, "api/v2/monitoring/query?" + string.Join('&', query), cancellationToken);
    }

    public Task<ApiResult<AlertPage>> ListAlertsAsync(string? state, string? rule, int? limit, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        AddQuery(query, "state", state);
        AddQuery(query, "rule", rule);
        AddQuery(query, "limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return SendAsync<AlertPage>(HttpMethod.Get, "api/v2/monitoring/alerts" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty), cancellationToken);
    }

    public Task<ApiResult<AlertView>> AcknowledgeAlertAsync(string id, string comment, CancellationToken cancellationToken) =>
        SendAsync<AcknowledgeRequest, AlertView>(HttpMethod.Post, $"api/v2/monitoring/alerts/{Segment(id)}/ack", new AcknowledgeRequest(comment), cancellationToken);

    public Task<ApiResult<BacktestResult>> BacktestRuleAsync(string ruleId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        SendAsync<BacktestRequest, BacktestResult>(HttpMethod.Post, $"api/v2/monitoring/alerts/rules/{Segment(ruleId)}/backtest", new BacktestRequest(from, to), cancellationToken);

    public Task<ApiResult<BacktestResult>> BacktestAsync(AlertRule rule, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        SendAsync<BacktestRequest, BacktestResult>(HttpMethod.Post, "api/v2/monitoring/alerts/backtest", new BacktestRequest(from, to, rule), cancellationToken);

    public Task<ApiResult<RoutingTestResult>> TestRoutingAsync(RoutingTestRequest request, CancellationToken cancellationToken) =>
        SendAsync<RoutingTestRequest, RoutingTestResult>(HttpMethod.Post, "api/v2/monitoring/alerts/routing/test", request, cancellationToken);
}
